import { masterKeyring } from '@hilfenetz/config';
import { randomBytes } from 'node:crypto';
import { UnencryptedTransportError } from './kafka-value.codec';
import { ENCRYPTED_ENCODING, PayloadEncryptionCodec, encryptedDataConverter } from './temporal-payload.codec';

const key = randomBytes(32).toString('base64');
const payload = (json: unknown) => ({
  metadata: { encoding: Buffer.from('json/plain') },
  data: Buffer.from(JSON.stringify(json)),
});

describe('PayloadEncryptionCodec', () => {
  it('round-trips a payload and leaves no clear text in what Temporal stores', async () => {
    const codec = new PayloadEncryptionCodec(key);
    const original = payload({ reason: 'Lea hat wieder Suizidgedanken geäußert' });
    const [encoded] = await codec.encode([original]);
    expect(Buffer.from(encoded!.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('Suizid');
    const [decoded] = await codec.decode([encoded!]);
    expect(Buffer.from(decoded!.data!).toString()).toBe(Buffer.from(original.data).toString());
    expect(Buffer.from(decoded!.metadata!.encoding!).toString()).toBe('json/plain');
  });

  it('passes payloads recorded before encryption through, so old histories replay', async () => {
    const old = payload({ crisisId: 'crisis-1' });
    expect(await new PayloadEncryptionCodec(key).decode([old])).toEqual([old]);
  });

  it('refuses a payload under another key, and a tampered one', async () => {
    const [encoded] = await new PayloadEncryptionCodec(key).encode([payload({ a: 1 })]);
    await expect(new PayloadEncryptionCodec(randomBytes(32).toString('base64')).decode([encoded!])).rejects.toThrow(
      /encrypted under key/,
    );
    // One byte of the ciphertext flipped (set to a fixed value it could already hold 1 run in 256).
    const data = Buffer.from(encoded!.data!);
    data[40] = data[40]! ^ 0xff;
    const tampered = { ...encoded!, data };
    await expect(new PayloadEncryptionCodec(key).decode([tampered])).rejects.toThrow();
  });

  it('refuses a payload without encryption in production mode, and still reads encrypted ones', async () => {
    const strict = new PayloadEncryptionCodec(key, { refuseUnencrypted: true });
    await expect(strict.decode([payload({ crisisId: 'crisis-1' })])).rejects.toThrow(UnencryptedTransportError);
    await expect(strict.decode([payload({ crisisId: 'crisis-1' })])).rejects.toThrow(
      /Temporal payload arrived unencrypted/,
    );
    // One clear payload among encrypted ones is enough to refuse the batch.
    const [sealed] = await strict.encode([payload({ a: 1 })]);
    await expect(strict.decode([sealed!, payload({ b: 2 })])).rejects.toThrow(UnencryptedTransportError);
    const [opened] = await strict.decode([sealed!]);
    expect(JSON.parse(Buffer.from(opened!.data!).toString())).toEqual({ a: 1 });
  });

  it('gives the data converter the production setting', async () => {
    const [codec] = encryptedDataConverter(key, { refuseUnencrypted: true }).payloadCodecs!;
    await expect(codec!.decode([payload({ a: 1 })])).rejects.toThrow(UnencryptedTransportError);
    const [lenient] = encryptedDataConverter(key).payloadCodecs!;
    expect(await lenient!.decode([payload({ a: 1 })])).toEqual([payload({ a: 1 })]);
  });

  it('after a rotation: payloads under the previous key decode, new ones go under the current key', async () => {
    const previous = randomBytes(32).toString('base64');
    const current = randomBytes(32).toString('base64');
    const [old] = await new PayloadEncryptionCodec(previous).encode([payload({ step: 'vorher' })]);
    const ring = masterKeyring({
      PERSONAL_DATA_MASTER_KEY: current,
      PERSONAL_DATA_MASTER_KEY_ID: 'k2',
      PERSONAL_DATA_PREVIOUS_MASTER_KEYS: `k1:${previous}`,
    });
    const codec = new PayloadEncryptionCodec(ring, { refuseUnencrypted: true });
    const [opened] = await codec.decode([old!]);
    expect(JSON.parse(Buffer.from(opened!.data!).toString())).toEqual({ step: 'vorher' });
    const [fresh] = await codec.encode([payload({ step: 'nachher' })]);
    const [viaCurrent] = await new PayloadEncryptionCodec(current).decode([fresh!]);
    expect(JSON.parse(Buffer.from(viaCurrent!.data!).toString())).toEqual({ step: 'nachher' });
    await expect(new PayloadEncryptionCodec(previous).decode([fresh!])).rejects.toThrow(/encrypted under key/);
    await expect(new PayloadEncryptionCodec(current).decode([old!])).rejects.toThrow(/encrypted under key/);
  });
});
