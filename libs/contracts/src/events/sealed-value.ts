import { z } from 'zod';

/**
 * Personal data inside an event: AES-256-GCM ciphertext under the data subject's own key. Only
 * this shape ever reaches the event store, Kafka or a log; the subject id is pseudonymous.
 */
export const sealedValueSchema = z
  .object({
    $sealed: z.literal('A256GCM'),
    subjectId: z.string().min(1),
    iv: z.string().min(1),
    tag: z.string().min(1),
    ct: z.string().min(1),
  })
  .strict();
export type SealedValue = z.infer<typeof sealedValueSchema>;

export function isSealedValue(v: unknown): v is SealedValue {
  return typeof v === 'object' && v !== null && (v as { $sealed?: unknown }).$sealed === 'A256GCM';
}
