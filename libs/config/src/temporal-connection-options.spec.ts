import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './load-config';
import { temporalConnectionOptions } from './temporal-connection-options';

const valid = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  KAFKA_BROKERS: '127.0.0.1:9092',
  OIDC_ISSUER: 'http://127.0.0.1:3001',
  PERSONAL_DATA_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
};

const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

describe('temporalConnectionOptions', () => {
  let dir: string;
  let files: { ca: string; cert: string; key: string };
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'temporal-tls-'));
    files = { ca: path.join(dir, 'ca.crt'), cert: path.join(dir, 'client.crt'), key: path.join(dir, 'client.key') };
    writeFileSync(files.ca, pem('CERTIFICATE', 'Y2E='));
    writeFileSync(files.cert, pem('CERTIFICATE', 'Y2xpZW50'));
    writeFileSync(files.key, pem('PRIVATE KEY', 'a2V5'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tlsEnv = () => ({
    TEMPORAL_TLS_CA_FILE: files.ca,
    TEMPORAL_TLS_CERT_FILE: files.cert,
    TEMPORAL_TLS_KEY_FILE: files.key,
  });

  it('is a plain connection without the TLS variables (the dev server)', () => {
    const options = temporalConnectionOptions(loadConfig(valid));
    expect(options).toEqual({ address: '127.0.0.1:7233' });
    expect('tls' in options).toBe(false);
  });

  it('reads the CA, the client certificate and its key for mutual TLS', () => {
    const options = temporalConnectionOptions(loadConfig({ ...valid, ...tlsEnv() }));
    expect(options.address).toBe('127.0.0.1:7233');
    expect(options.tls?.serverRootCACertificate.toString()).toBe(pem('CERTIFICATE', 'Y2E='));
    expect(options.tls?.clientCertPair.crt.toString()).toBe(pem('CERTIFICATE', 'Y2xpZW50'));
    expect(options.tls?.clientCertPair.key.toString()).toBe(pem('PRIVATE KEY', 'a2V5'));
    expect(options.tls && 'serverNameOverride' in options.tls).toBe(false);
  });

  it('passes the server name on when one is set', () => {
    const options = temporalConnectionOptions(
      loadConfig({ ...valid, ...tlsEnv(), TEMPORAL_TLS_SERVER_NAME: 'temporal.lindenau.example' }),
    );
    expect(options.tls?.serverNameOverride).toBe('temporal.lindenau.example');
  });

  it('names the variable whose file cannot be read or holds no PEM', () => {
    const notPem = path.join(dir, 'not-pem.key');
    writeFileSync(notPem, 'just text');
    const config = loadConfig({
      ...valid,
      ...tlsEnv(),
      TEMPORAL_TLS_CA_FILE: path.join(dir, 'missing.crt'),
      TEMPORAL_TLS_KEY_FILE: notPem,
    });
    expect(() => temporalConnectionOptions(config)).toThrow(ConfigError);
    expect(() => temporalConnectionOptions(config)).toThrow(
      /TEMPORAL_TLS_CA_FILE: cannot read .*missing\.crt \(ENOENT\)/,
    );
    expect(() => temporalConnectionOptions(config)).toThrow(/TEMPORAL_TLS_KEY_FILE: .*not-pem\.key holds no PEM block/);
  });

  it('is refused at boot with only some of the files, naming the missing ones', () => {
    expect(() => loadConfig({ ...valid, TEMPORAL_TLS_CA_FILE: files.ca })).toThrow(
      /TEMPORAL_TLS_CERT_FILE: is required when TEMPORAL_TLS_CA_FILE is set[\s\S]*TEMPORAL_TLS_KEY_FILE: is required/,
    );
    expect(() =>
      loadConfig({ ...valid, TEMPORAL_TLS_CERT_FILE: files.cert, TEMPORAL_TLS_KEY_FILE: files.key }),
    ).toThrow(/TEMPORAL_TLS_CA_FILE: is required when TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE are set/);
  });

  it('is refused at boot with a server name but no files (it would be ignored)', () => {
    expect(() => loadConfig({ ...valid, TEMPORAL_TLS_SERVER_NAME: 'localhost' })).toThrow(
      /TEMPORAL_TLS_SERVER_NAME: is only used with TLS/,
    );
  });
});
