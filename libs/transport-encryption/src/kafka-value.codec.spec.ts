import { masterKeyring } from '@hilfenetz/config';
import { randomBytes } from 'node:crypto';
import { KafkaValueCodec, transportCodecOptions, UnencryptedTransportError } from './kafka-value.codec';

const key = randomBytes(32).toString('base64');

describe('KafkaValueCodec', () => {
  it('round-trips an event envelope and leaves no clear text on the broker', () => {
    const codec = new KafkaValueCodec(key);
    const value = JSON.stringify({ type: 'CrisisCancelled', data: { reason: 'Mutter erneut in der Psychiatrie' } });
    const encoded = codec.encode(value);
    expect(encoded).toMatch(/^hnenc1:[0-9a-f]{16}:/);
    expect(encoded).not.toContain('Psychiatrie');
    expect(codec.decode(encoded)).toBe(value);
  });

  it('reads a value sealed by an earlier release (the wire format iv ‖ tag ‖ ciphertext is fixed)', () => {
    // Written with createCipheriv and Buffer.concat before sealing moved to one buffer and a nonce pool.
    const master = 'BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=';
    const earlier =
      'hnenc1:be6d5024a62ae5c8:e6C97SnsUU6nfGg0+tytPnOwSdWyqiJdKBbEqMz/0QrGVWK997PEUykV2pm+l88qvr7Aa7tU9x8JDlD3dAQuT+ODnjiKQUOpwt5PwJI+RXGXulLuzkPxEPhufFuP88Vw7KiLDX6k2TwXbWw=';
    const codec = new KafkaValueCodec(master);
    expect(codec.decode(earlier)).toBe(
      '{"type":"CrisisTriggered","data":{"location":"Wohngruppe Birkenhof, Zimmer 4"}}',
    );
    // And what it seals now has the same layout: one box per value, a fresh nonce each time.
    const a = codec.encode('{"a":1}');
    const b = codec.encode('{"a":1}');
    expect(a.slice(0, 24)).toBe('hnenc1:be6d5024a62ae5c8:');
    expect(Buffer.from(a.slice(24), 'base64')).toHaveLength(12 + 16 + 7);
    expect(a).not.toBe(b);
  });

  it('reads values written before encryption as they are; refuses another key and tampering', () => {
    const codec = new KafkaValueCodec(key);
    expect(codec.decode('{"type":"CrisisTriggered"}')).toBe('{"type":"CrisisTriggered"}');
    const encoded = codec.encode('{"a":1}');
    expect(() => new KafkaValueCodec(randomBytes(32).toString('base64')).decode(encoded)).toThrow(
      /encrypted under key/,
    );
    // One base64 digit of the ciphertext changed (away from the padding, whose low bits are ignored).
    const at = encoded.length - 8;
    const tampered = `${encoded.slice(0, at)}${encoded[at] === 'A' ? 'B' : 'A'}${encoded.slice(at + 1)}`;
    expect(() => codec.decode(tampered)).toThrow();
  });

  it('refuses a value without encryption in production mode, and still reads encrypted ones', () => {
    const strict = new KafkaValueCodec(key, transportCodecOptions({ NODE_ENV: 'production' }));
    expect(() => strict.decode('{"type":"CrisisTriggered"}')).toThrow(UnencryptedTransportError);
    expect(() => strict.decode('{"type":"CrisisTriggered"}')).toThrow(/Kafka message value arrived unencrypted/);
    expect(() => strict.decode('')).toThrow(UnencryptedTransportError);
    expect(strict.decode(strict.encode('{"a":1}'))).toBe('{"a":1}');
    // Development and test keep the pass-through.
    for (const mode of ['development', 'test'] as const) {
      expect(new KafkaValueCodec(key, transportCodecOptions({ NODE_ENV: mode })).decode('{"a":1}')).toBe('{"a":1}');
    }
  });

  it('after a rotation: new values under the current key, values under the previous key still decode', () => {
    const previous = randomBytes(32).toString('base64');
    const current = randomBytes(32).toString('base64');
    const before = new KafkaValueCodec(previous).encode('{"a":"vorher"}');
    const ring = masterKeyring({ PERSONAL_DATA_MASTER_KEY: current, PERSONAL_DATA_PREVIOUS_MASTER_KEYS: previous });
    const codec = new KafkaValueCodec(ring, transportCodecOptions({ NODE_ENV: 'production' }));
    expect(codec.decode(before)).toBe('{"a":"vorher"}');
    const after = codec.encode('{"a":"nachher"}');
    expect(after.split(':')[1]).not.toBe(before.split(':')[1]);
    // Written under the current key: readable by a process with the current key alone, not the old one.
    expect(new KafkaValueCodec(current).decode(after)).toBe('{"a":"nachher"}');
    expect(() => new KafkaValueCodec(previous).decode(after)).toThrow(/encrypted under key/);
    // Once the previous key is dropped, its values are refused with the reason.
    expect(() => new KafkaValueCodec(current).decode(before)).toThrow(/PERSONAL_DATA_PREVIOUS_MASTER_KEYS/);
  });
});
