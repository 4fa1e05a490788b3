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

/*
 * Free text a person writes into the log (decline and cancel reasons, legal hold and erasure
 * reasons, invitation answers, review requests, the note on ending a help): personal data like
 * any other, so it is sealed under the data subject's key and shredded with it (docs/adr/0018).
 */

/**
 * Text given after the subject's key was destroyed: there is no key to seal it under, so it is
 * not recorded at all; readers show it as erased, like sealed text whose key is gone.
 */
export const erasedTextSchema = z.object({ $erased: z.literal(true), subjectId: z.string().min(1) }).strict();
export type ErasedText = z.infer<typeof erasedTextSchema>;

/** What a new event may carry in a free-text field: ciphertext, or the record that none was kept. */
export const sealedTextSchema = z.union([sealedValueSchema, erasedTextSchema]);
export type SealedText = z.infer<typeof sealedTextSchema>;

/**
 * Clear text of an event written before its type sealed free text (schema version 1), as the
 * upcaster hands it to readers. Only ever produced when reading: new events refuse it (their
 * schema takes `sealedTextSchema`). Readers show it only while the case's subject is not erased.
 */
export const legacyClearTextSchema = z.object({ $clear: z.literal('v1'), text: z.string() }).strict();
export type LegacyClearText = z.infer<typeof legacyClearTextSchema>;

/** A free-text field as readers get it: sealed, withheld after erasure, or legacy clear text. */
export const freeTextSchema = z.union([sealedValueSchema, erasedTextSchema, legacyClearTextSchema]);
export type FreeText = z.infer<typeof freeTextSchema>;

export function isErasedText(v: unknown): v is ErasedText {
  return typeof v === 'object' && v !== null && (v as { $erased?: unknown }).$erased === true;
}

export function isLegacyClearText(v: unknown): v is LegacyClearText {
  return typeof v === 'object' && v !== null && (v as { $clear?: unknown }).$clear === 'v1';
}

/** Free text as a reader shows it: the text, or that it was erased with the subject's key. */
export type OpenedText = { status: 'available'; text: string } | { status: 'erased' };

/** How every read path (API, CSV, PDF, web) writes erased free text. */
export const ERASED_TEXT_LABEL = 'gelöscht';
