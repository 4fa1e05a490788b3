import { PurposeKey } from './purpose-key';

/** What an encrypted Kafka value starts with: version and key id, then base64 ciphertext. */
const PREFIX = 'hnenc1:';

/**
 * Encrypts Kafka message values (the event envelopes) so that the broker, its disks and anyone
 * with a consumer group see ciphertext only; keys (pseudonymous stream ids) and headers stay
 * readable for partitioning and routing. A value without the prefix (written before, or by a
 * process without a key) decodes as it is.
 */
export class KafkaValueCodec {
  private readonly key: PurposeKey;

  constructor(masterKeyBase64: string) {
    this.key = new PurposeKey(masterKeyBase64, 'kafka-values');
  }

  encode(value: string): string {
    return `${PREFIX}${this.key.id}:${this.key.seal(Buffer.from(value, 'utf8')).toString('base64')}`;
  }

  decode(value: string): string {
    if (!value.startsWith(PREFIX)) return value;
    const [keyId = '', box = ''] = value.slice(PREFIX.length).split(':', 2);
    return this.key.open(Buffer.from(box, 'base64'), keyId).toString('utf8');
  }
}
