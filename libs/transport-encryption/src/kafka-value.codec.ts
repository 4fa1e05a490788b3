import type { AppConfig, MasterKeyring } from '@hilfenetz/config';
import { PurposeKeyring } from './purpose-key';

/** What an encrypted Kafka value starts with: version and key id, then base64 ciphertext. */
const PREFIX = 'hnenc1:';

/** How a codec treats what arrives unencrypted. */
export interface TransportCodecOptions {
  /**
   * Production mode (NODE_ENV=production, docs/adr/0022): refuse a value or payload without the
   * encryption marker instead of passing it through. Anything unencrypted there was written by
   * someone without the key (a forged message, a misconfigured producer, a payload injected
   * through Temporal's UI or CLI); reading it as ours would let it into the read models and the
   * workflows. Development and tests keep accepting it: old local data, rigs without a key.
   */
  refuseUnencrypted?: boolean;
}

/** The error a refused unencrypted value or payload raises. */
export class UnencryptedTransportError extends Error {
  constructor(what: string) {
    super(`${what} arrived unencrypted: refused in production mode (NODE_ENV=production, docs/adr/0009, 0022)`);
    this.name = 'UnencryptedTransportError';
  }
}

/**
 * Encrypts Kafka message values (the event envelopes) so that the broker, its disks and anyone
 * with a consumer group see ciphertext only; keys (pseudonymous stream ids) and headers stay
 * readable for partitioning and routing. A value without the prefix (written before, or by a
 * process without a key) decodes as it is, except in production mode, which refuses it.
 */
export class KafkaValueCodec {
  private readonly key: PurposeKeyring;
  private readonly refuseUnencrypted: boolean;

  /** `masterKeys`: one key (base64), or the app's keyring (the current key encrypts, all decode). */
  constructor(masterKeys: string | MasterKeyring, opts: TransportCodecOptions = {}) {
    this.key = new PurposeKeyring(masterKeys, 'kafka-values');
    this.refuseUnencrypted = opts.refuseUnencrypted ?? false;
  }

  encode(value: string): string {
    const { keyId, box } = this.key.seal(Buffer.from(value, 'utf8'));
    return `${PREFIX}${keyId}:${box.toString('base64')}`;
  }

  decode(value: string): string {
    if (!value.startsWith(PREFIX)) {
      // A subscriber that throws does not commit the offset: the message stays, unread, and the
      // consumer's errors say why, instead of a forged event reaching the projections.
      if (this.refuseUnencrypted) throw new UnencryptedTransportError('a Kafka message value');
      return value;
    }
    const [keyId = '', box = ''] = value.slice(PREFIX.length).split(':', 2);
    return this.key.open(Buffer.from(box, 'base64'), keyId).toString('utf8');
  }
}

/** The codec options of a running app: production mode refuses what arrives unencrypted. */
export function transportCodecOptions(config: Pick<AppConfig, 'NODE_ENV'>): TransportCodecOptions {
  return { refuseUnencrypted: config.NODE_ENV === 'production' };
}
