import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, refineKafkaSecurity } from '@hilfenetz/config';
import { z } from 'zod';
import { kafkaSecurityOptions, kafkaSecurityOptionsFromEnv } from './kafka-security';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('kafkaSecurityOptions', () => {
  let dir: string;
  let caFile: string;
  let passwordFile: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kafka-security-'));
    caFile = path.join(dir, 'ca.crt');
    passwordFile = path.join(dir, 'app.password');
    writeFileSync(caFile, PEM);
    writeFileSync(passwordFile, 'from-the-file\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const problems = (f: () => unknown): string[] => {
    try {
      f();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).issues;
    }
    throw new Error('expected a ConfigError');
  };

  it('leaves a plain connection alone when nothing is set (the dev stack)', () => {
    expect(kafkaSecurityOptions({})).toEqual({});
    expect(kafkaSecurityOptionsFromEnv({})).toEqual({});
  });

  it('turns the CA file into TLS that trusts only that CA', () => {
    expect(kafkaSecurityOptions({ KAFKA_SSL_CA_FILE: caFile })).toEqual({ ssl: { ca: [PEM] } });
  });

  it('reads the SCRAM password from its file without the trailing newline', () => {
    expect(
      kafkaSecurityOptions({
        KAFKA_SSL_CA_FILE: caFile,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'hilfenetz',
        KAFKA_SASL_PASSWORD_FILE: passwordFile,
      }),
    ).toEqual({
      ssl: { ca: [PEM] },
      sasl: { mechanism: 'scram-sha-512', username: 'hilfenetz', password: 'from-the-file' },
    });
  });

  it('takes the password from the environment, and the mechanism in any case (from the environment)', () => {
    expect(
      kafkaSecurityOptionsFromEnv({
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
        KAFKA_SASL_USERNAME: 'hilfenetz',
        KAFKA_SASL_PASSWORD: 'secret',
      }),
    ).toEqual({ sasl: { mechanism: 'scram-sha-256', username: 'hilfenetz', password: 'secret' } });
  });

  it('refuses a mechanism without user or password, and credentials without a mechanism', () => {
    expect(problems(() => kafkaSecurityOptions({ KAFKA_SASL_MECHANISM: 'scram-sha-512' }))).toEqual([
      'KAFKA_SASL_USERNAME: is required with KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_PASSWORD: is required with KAFKA_SASL_MECHANISM (or KAFKA_SASL_PASSWORD_FILE)',
    ]);
    expect(
      problems(() => kafkaSecurityOptions({ KAFKA_SASL_USERNAME: 'hilfenetz', KAFKA_SASL_PASSWORD: 'x' })),
    ).toEqual(['KAFKA_SASL_MECHANISM: is required when KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD is set']);
  });

  it('refuses two password sources, unreadable or empty files and a CA file without a certificate', () => {
    const empty = path.join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect(
      problems(() =>
        kafkaSecurityOptions({
          KAFKA_SASL_MECHANISM: 'scram-sha-512',
          KAFKA_SASL_USERNAME: 'hilfenetz',
          KAFKA_SASL_PASSWORD: 'x',
          KAFKA_SASL_PASSWORD_FILE: passwordFile,
        }),
      ),
    ).toEqual(['KAFKA_SASL_PASSWORD_FILE: set together with KAFKA_SASL_PASSWORD; set only one of them']);
    expect(
      problems(() =>
        kafkaSecurityOptions({
          KAFKA_SSL_CA_FILE: path.join(dir, 'missing.crt'),
          KAFKA_SASL_MECHANISM: 'scram-sha-512',
          KAFKA_SASL_USERNAME: 'hilfenetz',
          KAFKA_SASL_PASSWORD_FILE: empty,
        }),
      ),
    ).toEqual([
      `KAFKA_SSL_CA_FILE: cannot read ${path.join(dir, 'missing.crt')} (ENOENT)`,
      `KAFKA_SASL_PASSWORD_FILE: ${empty} is empty`,
    ]);
    expect(problems(() => kafkaSecurityOptions({ KAFKA_SSL_CA_FILE: passwordFile }))).toEqual([
      `KAFKA_SSL_CA_FILE: ${passwordFile} holds no PEM certificate`,
    ]);
  });

  it('refuses an unknown mechanism when read from the environment', () => {
    expect(problems(() => kafkaSecurityOptionsFromEnv({ KAFKA_SASL_MECHANISM: 'plain' }))[0]).toMatch(
      /^KAFKA_SASL_MECHANISM: /,
    );
  });

  it('offers the same checks to the app schema, as issues of the variable they name', () => {
    const schema = z
      .object({ KAFKA_SASL_MECHANISM: z.literal('scram-sha-512'), KAFKA_SASL_USERNAME: z.string().optional() })
      .superRefine((c, ctx) => refineKafkaSecurity(c, ctx));
    const r = schema.safeParse({ KAFKA_SASL_MECHANISM: 'scram-sha-512' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'KAFKA_SASL_USERNAME: is required with KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_PASSWORD: is required with KAFKA_SASL_MECHANISM (or KAFKA_SASL_PASSWORD_FILE)',
    ]);
  });
});
