import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiDatabasePoolSize } from './config.schema';
import { ConfigError, loadConfig, loadSmsGatewayConfig } from './load-config';
import { masterKeyFingerprint, masterKeyring } from './master-key';

const valid = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
  OIDC_ISSUER: 'http://127.0.0.1:3001',
  PERSONAL_DATA_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
};

describe('loadConfig', () => {
  it('fills defaults and splits the broker list', () => {
    const c = loadConfig(valid);
    expect(c.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(c.TEMPORAL_NAMESPACE).toBe('default');
    expect(c.API_PORT).toBe(3000);
    expect([c.API_WRITE_RATE_LIMIT, c.API_WRITE_RATE_WINDOW_SECONDS]).toEqual([60, 60]);
  });

  it('refuses a write rate limit that would block every write or is not a whole number', () => {
    expect(() => loadConfig({ ...valid, API_WRITE_RATE_LIMIT: '0' })).toThrow(/API_WRITE_RATE_LIMIT/);
    expect(() => loadConfig({ ...valid, API_WRITE_RATE_WINDOW_SECONDS: '1.5' })).toThrow(
      /API_WRITE_RATE_WINDOW_SECONDS/,
    );
    expect(loadConfig({ ...valid, API_WRITE_RATE_LIMIT: '30' }).API_WRITE_RATE_LIMIT).toBe(30);
  });

  it('gives the API room for every admitted write and reads beside them, and refuses a pool that leaves none', () => {
    expect(apiDatabasePoolSize(loadConfig(valid))).toBe(24);
    expect(apiDatabasePoolSize(loadConfig({ ...valid, API_MAX_CONCURRENT_WRITES: '4' }))).toBe(12);
    expect(apiDatabasePoolSize(loadConfig({ ...valid, API_DATABASE_POOL_SIZE: '40' }))).toBe(40);
    expect(() => loadConfig({ ...valid, API_DATABASE_POOL_SIZE: '16' })).toThrow(
      /API_DATABASE_POOL_SIZE.*larger than API_MAX_CONCURRENT_WRITES \(16\)/,
    );
  });

  it('takes an organisation group prefix only as a group path with a slash at both ends', () => {
    expect(
      loadConfig({ ...valid, OIDC_ORGANISATION_GROUP_PREFIX: '/organisationen/' }).OIDC_ORGANISATION_GROUP_PREFIX,
    ).toBe('/organisationen/');
    expect(loadConfig(valid).OIDC_ORGANISATION_GROUP_PREFIX).toBeUndefined();
    for (const bad of ['organisationen', '/organisationen', '/', 'organisationen/']) {
      expect(() => loadConfig({ ...valid, OIDC_ORGANISATION_GROUP_PREFIX: bad })).toThrow(
        /OIDC_ORGANISATION_GROUP_PREFIX/,
      );
    }
  });

  it('names every missing or malformed variable at once', () => {
    try {
      loadConfig({ DATABASE_URL: 'not a url', API_PORT: 'abc' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as ConfigError).message;
      expect(msg).toMatch(/DATABASE_URL/);
      expect(msg).toMatch(/TEMPORAL_ADDRESS/);
      expect(msg).toMatch(/KAFKA_BROKERS/);
      expect(msg).toMatch(/API_PORT/);
      expect(msg).toMatch(/PERSONAL_DATA_MASTER_KEY/);
    }
  });

  it('requires the receipt secret (16+ characters) once an SMS gateway is configured', () => {
    const gateway = { ...valid, SMS_GATEWAY_URL: 'http://127.0.0.1:3002/messages' };
    expect(() => loadConfig(gateway)).toThrow(/SMS_GATEWAY_SECRET: is required when SMS_GATEWAY_URL is set/);
    expect(() => loadConfig({ ...gateway, SMS_GATEWAY_SECRET: 'too-short' })).toThrow(/SMS_GATEWAY_SECRET/);
    const c = loadConfig({
      ...gateway,
      SMS_GATEWAY_SECRET: 'a-secret-of-enough-length',
      NOTIFICATION_RECEIPT_URL: 'http://127.0.0.1:3000/notifications/gateway-receipts',
    });
    expect(c.SMS_GATEWAY_SECRET).toBe('a-secret-of-enough-length');
    expect(c.NOTIFICATION_RECEIPT_URL).toBe('http://127.0.0.1:3000/notifications/gateway-receipts');
    expect(loadConfig(valid).SMS_GATEWAY_SECRET).toBeUndefined();
    expect(() => loadConfig({ ...valid, NOTIFICATION_RECEIPT_URL: 'not a url' })).toThrow(/NOTIFICATION_RECEIPT_URL/);
  });

  it('serves metrics only with a bearer token of 32+ characters, on loopback unless told otherwise', () => {
    expect(loadConfig(valid).METRICS_PORT).toBeUndefined();
    expect(() => loadConfig({ ...valid, METRICS_PORT: '9464' })).toThrow(
      /METRICS_TOKEN: is required when METRICS_PORT is set/,
    );
    expect(() => loadConfig({ ...valid, METRICS_PORT: '9464', METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    const c = loadConfig({ ...valid, METRICS_PORT: '9464', METRICS_TOKEN: 'x'.repeat(32) });
    expect([c.METRICS_PORT, c.METRICS_HOST]).toEqual([9464, '127.0.0.1']);
  });

  it('refuses Kafka SASL settings that do not fit together, naming the variable, at boot', () => {
    expect(() => loadConfig({ ...valid, KAFKA_SASL_USERNAME: 'hilfenetz' })).toThrow(
      /KAFKA_SASL_MECHANISM: is required when KAFKA_SASL_USERNAME is set/,
    );
    expect(() => loadConfig({ ...valid, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'h' })).toThrow(
      /KAFKA_SASL_PASSWORD: is required/,
    );
    const c = loadConfig({
      ...valid,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'hilfenetz',
      KAFKA_SASL_PASSWORD: 'secret',
    });
    expect(c.KAFKA_SASL_MECHANISM).toBe('scram-sha-512');
  });

  it('reads the local SMS gateway settings with their defaults', () => {
    expect(loadSmsGatewayConfig({ SMS_GATEWAY_SECRET: 'a-secret-of-enough-length' })).toEqual({
      SMS_GATEWAY_PORT: 3002,
      SMS_GATEWAY_SECRET: 'a-secret-of-enough-length',
      SMS_GATEWAY_DELIVERY_DELAY_MS: 300,
    });
    expect(() => loadSmsGatewayConfig({})).toThrow(/SMS_GATEWAY_SECRET/);
  });
});

describe('the personal-data master key', () => {
  const random = 'q1Vb3k8JxZ3m0cQm9hS6oTt2WbJx0l8W4e7Rk5yP2aU='; // 32 random bytes, fixed
  const production = { ...valid, NODE_ENV: 'production', PERSONAL_DATA_MASTER_KEY: random };
  const keyOf = (bytes: number[] | Buffer) => Buffer.from(bytes).toString('base64');

  it('accepts a random key in production mode', () => {
    expect(loadConfig(production).PERSONAL_DATA_MASTER_KEY).toBe(random);
  });

  it.each([
    ['all zero bytes', keyOf(Buffer.alloc(32)), /all zero bytes/],
    ['one byte repeated', keyOf(Buffer.alloc(32, 7)), /one byte repeated/],
    ['a counter', keyOf(Array.from({ length: 32 }, (_, i) => i)), /sequence of bytes/],
    [
      'few distinct bytes',
      keyOf(Array.from({ length: 32 }, (_, i) => [1, 2, 3, 250][i % 4]!)),
      /4 distinct byte values/,
    ],
    ['a passphrase', keyOf(Buffer.from('hilfenetz-master-key-Lindenau-26')), /printable text/],
  ])('refuses %s at boot in production mode, naming the variable and the reason', (_name, key, reason) => {
    expect(() => loadConfig({ ...production, PERSONAL_DATA_MASTER_KEY: key })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, PERSONAL_DATA_MASTER_KEY: key })).toThrow(reason);
    expect(() => loadConfig({ ...production, PERSONAL_DATA_MASTER_KEY: key })).toThrow(
      /PERSONAL_DATA_MASTER_KEY: .*refused in production/,
    );
    // Development and test keep accepting them (fixtures, the test rigs' fixed keys).
    expect(loadConfig({ ...production, NODE_ENV: 'development', PERSONAL_DATA_MASTER_KEY: key }).NODE_ENV).toBe(
      'development',
    );
  });

  describe('from a file (PERSONAL_DATA_MASTER_KEY_FILE)', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'hilfenetz-config-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the key from the file, without its trailing newline', () => {
      const file = path.join(dir, 'master.key');
      writeFileSync(file, `${random}\n`);
      const { PERSONAL_DATA_MASTER_KEY: _unset, ...env } = production;
      expect(loadConfig({ ...env, PERSONAL_DATA_MASTER_KEY_FILE: file }).PERSONAL_DATA_MASTER_KEY).toBe(random);
    });

    it('checks a key from a file like one from the environment', () => {
      const file = path.join(dir, 'zero.key');
      writeFileSync(file, keyOf(Buffer.alloc(32)));
      const { PERSONAL_DATA_MASTER_KEY: _unset, ...env } = production;
      expect(() => loadConfig({ ...env, PERSONAL_DATA_MASTER_KEY_FILE: file })).toThrow(/all zero bytes/);
    });

    it('refuses a missing file and a key given both ways', () => {
      const { PERSONAL_DATA_MASTER_KEY: _unset, ...env } = production;
      expect(() => loadConfig({ ...env, PERSONAL_DATA_MASTER_KEY_FILE: path.join(dir, 'missing.key') })).toThrow(
        /PERSONAL_DATA_MASTER_KEY_FILE: cannot read .*missing\.key \(ENOENT\)/,
      );
      const file = path.join(dir, 'both.key');
      writeFileSync(file, random);
      expect(() => loadConfig({ ...production, PERSONAL_DATA_MASTER_KEY_FILE: file })).toThrow(/set only one of them/);
    });
  });
});

describe('the other secrets from files (systemd credentials, Kubernetes secrets)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hilfenetz-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['DATABASE_URL', 'postgres://app:secret@db.example:5432/hilfenetz?sslmode=verify-full'],
    ['EVENT_CHECKPOINT_SIGNING_KEY', Buffer.alloc(32, 7).toString('base64')],
    ['METRICS_TOKEN', 'm'.repeat(40)],
    ['SMS_GATEWAY_SECRET', 'a-secret-of-enough-length'],
  ] as const)('%s_FILE: read and checked like the variable itself', (name, secret) => {
    const file = path.join(dir, `${name}.secret`);
    writeFileSync(file, `${secret}\n`);
    const base: NodeJS.ProcessEnv = { ...valid, ...(name === 'METRICS_TOKEN' ? { METRICS_PORT: '9464' } : {}) };
    delete base[name];
    expect(loadConfig({ ...base, [`${name}_FILE`]: file })[name]).toBe(secret);
    writeFileSync(file, 'short');
    expect(() => loadConfig({ ...base, [`${name}_FILE`]: file })).toThrow(new RegExp(name));
    expect(() => loadConfig({ ...base, [name]: secret, [`${name}_FILE`]: file })).toThrow(/set only one of them/);
  });
});

describe('master key ids and previous master keys (rotation, docs/adr/0023)', () => {
  const current = 'q1Vb3k8JxZ3m0cQm9hS6oTt2WbJx0l8W4e7Rk5yP2aU=';
  const previous = 'Zm9Vx2LrQ8c1T0b7WkP3nJ5yH6aE9dS4gM2uR8tY1oI=';
  const base = { ...valid, PERSONAL_DATA_MASTER_KEY: current };

  it('builds the keyring: the current key with its id (default: its fingerprint), previous keys for reading', () => {
    const ring = masterKeyring(loadConfig(base));
    expect(ring.current.id).toBe(masterKeyFingerprint(Buffer.from(current, 'base64')));
    expect(ring.current.id).toMatch(/^[0-9a-f]{16}$/);
    expect(ring.previous).toEqual([]);
    const rotated = masterKeyring(
      loadConfig({
        ...base,
        PERSONAL_DATA_MASTER_KEY_ID: '2026-12',
        PERSONAL_DATA_PREVIOUS_MASTER_KEYS: `k1:${previous}`,
      }),
    );
    expect(rotated.current.id).toBe('2026-12');
    expect(rotated.previous.map((k) => k.id)).toEqual(['k1']);
    // Without an id a previous key is known by its fingerprint; commas or lines separate entries.
    const two = masterKeyring(
      loadConfig({
        ...base,
        PERSONAL_DATA_PREVIOUS_MASTER_KEYS: `${previous}\n k0:${Buffer.alloc(32, 9).toString('base64')}`,
      }),
    );
    expect(two.previous.map((k) => k.id)).toEqual([masterKeyFingerprint(Buffer.from(previous, 'base64')), 'k0']);
  });

  it('refuses previous keys that are malformed, ambiguous or, in production, weak', () => {
    const bad = (v: Record<string, string>) => () => loadConfig({ ...base, ...v });
    expect(bad({ PERSONAL_DATA_PREVIOUS_MASTER_KEYS: 'c2hvcnQ=' })).toThrow(
      /entry 1 is not base64 of exactly 32 bytes/,
    );
    expect(bad({ PERSONAL_DATA_PREVIOUS_MASTER_KEYS: `bad id:${previous}` })).toThrow(/entry 1: the id must match/);
    expect(bad({ PERSONAL_DATA_PREVIOUS_MASTER_KEYS: current })).toThrow(/share the id or fingerprint/);
    expect(bad({ PERSONAL_DATA_MASTER_KEY_ID: 'k1', PERSONAL_DATA_PREVIOUS_MASTER_KEYS: `k1:${previous}` })).toThrow(
      /PERSONAL_DATA_PREVIOUS_MASTER_KEYS: previous key 1 and the current key share the id or fingerprint k1/,
    );
    expect(bad({ PERSONAL_DATA_MASTER_KEY_ID: 'not ok' })).toThrow(/PERSONAL_DATA_MASTER_KEY_ID/);
    const zero = Buffer.alloc(32).toString('base64');
    expect(bad({ NODE_ENV: 'production', PERSONAL_DATA_PREVIOUS_MASTER_KEYS: zero })).toThrow(
      /previous key 1 is all zero bytes: refused in production/,
    );
    expect(loadConfig({ ...base, PERSONAL_DATA_PREVIOUS_MASTER_KEYS: zero }).PERSONAL_DATA_PREVIOUS_MASTER_KEYS).toBe(
      zero,
    );
  });
});
