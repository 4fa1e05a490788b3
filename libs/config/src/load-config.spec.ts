import { ConfigError, loadConfig } from './load-config';

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
});
