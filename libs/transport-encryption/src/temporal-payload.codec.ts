import type { DataConverter } from '@temporalio/client';
import { UnencryptedTransportError, type TransportCodecOptions } from './kafka-value.codec';
import { PurposeKeyring } from './purpose-key';
import type { MasterKeyring } from '@hilfenetz/config';

type PayloadCodec = NonNullable<DataConverter['payloadCodecs']>[number];
type Payload = Parameters<PayloadCodec['encode']>[0][number];

/** Marks a payload this codec encrypted; anything else passes through untouched on decode. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const utf8 = (s: string) => Buffer.from(s, 'utf8');
const bytes = (v: Uint8Array | null | undefined) => Buffer.from(v ?? new Uint8Array());

/**
 * Encrypts each whole Temporal payload (its metadata and data, as JSON), the SDK's way to keep
 * workflow data out of the server's history: Temporal, its database and its UI see ciphertext
 * only, whatever a future workflow field holds (docs/adr/0009). Payloads without the marker
 * (histories recorded before, test rigs without a key) decode as they are, so running workflows
 * replay unchanged; production mode refuses them (`refuseUnencrypted`).
 */
export class PayloadEncryptionCodec implements PayloadCodec {
  private readonly key: PurposeKeyring;
  private readonly refuseUnencrypted: boolean;

  /** `masterKeys`: one key (base64), or the app's keyring (the current key encrypts, all decode). */
  constructor(masterKeys: string | MasterKeyring, opts: TransportCodecOptions = {}) {
    this.key = new PurposeKeyring(masterKeys, 'temporal-payloads');
    this.refuseUnencrypted = opts.refuseUnencrypted ?? false;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const metadata = Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([k, v]) => [k, bytes(v).toString('base64')]),
      );
      const plain = utf8(JSON.stringify({ metadata, data: bytes(p.data).toString('base64') }));
      const { keyId, box } = this.key.seal(plain);
      return { metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID]: utf8(keyId) }, data: box };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (bytes(p.metadata?.encoding).toString('utf8') !== ENCRYPTED_ENCODING) {
        // In production a clear payload was not written by our apps: a workflow task or a client
        // call fails on it (and the worker retries) rather than acting on it.
        if (this.refuseUnencrypted) throw new UnencryptedTransportError('a Temporal payload');
        return p;
      }
      const plain = this.key.open(bytes(p.data), bytes(p.metadata?.[KEY_ID]).toString('utf8'));
      const inner = JSON.parse(plain.toString('utf8')) as { metadata: Record<string, string>; data: string };
      return {
        metadata: Object.fromEntries(Object.entries(inner.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
        data: Buffer.from(inner.data, 'base64'),
      };
    });
  }
}

/** The data converter for the API, the projector and the worker: same key, same codec. */
export function encryptedDataConverter(
  masterKeys: string | MasterKeyring,
  opts: TransportCodecOptions = {},
): DataConverter {
  return { payloadCodecs: [new PayloadEncryptionCodec(masterKeys, opts)] };
}
