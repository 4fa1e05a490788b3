import { createHmac, createHash, hkdfSync } from 'node:crypto';
import { z } from 'zod';
import { ApplicationError } from '@hilfenetz/contracts';

/** The Idempotency-Key a client makes once per action and sends with every attempt of it. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,128}$/, 'must be 8–128 letters, digits or . _ : -');

/**
 * The key of a request, checked as the crisis trigger checks it: a malformed key, or a missing one
 * where the route requires it, is refused (400 naming `header.idempotency-key`).
 */
function parsedKey(header: string | undefined, message: string): string {
  const parsed = idempotencyKeySchema.safeParse(header);
  if (parsed.success) return parsed.data;
  throw new ApplicationError('request.idempotency_key_required', message, [
    { field: 'header.idempotency-key', reason: header ? parsed.error.issues[0]!.message : 'missing' },
  ]);
}

/** The trigger's key: required, since the crisis id derives from it. */
export const requiredIdempotencyKey = (header: string | undefined, what: string): string =>
  parsedKey(header, `Send an Idempotency-Key header with each ${what}.`);

/**
 * The key of a step of a running crisis or planning: optional (clients before issue 19 send none;
 * without it a repeat is decided again, as before), but a malformed one is refused.
 */
export const optionalIdempotencyKey = (header: string | undefined): string | undefined =>
  header === undefined || header === '' ? undefined : parsedKey(header, 'The Idempotency-Key header is malformed.');

/** The key as it may appear in an id: a plain hash (the key is random, it names nobody). */
export const idempotencyKeyHash = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * The request as the idempotency check fingerprints it. Keyed (a key derived from the master key for
 * this purpose only): a plain hash of a short location or reason in Temporal could be guessed back.
 */
export function requestFingerprint(masterKey: string, request: Record<string, unknown>): string {
  const key = Buffer.from(hkdfSync('sha256', masterKey, '', 'hilfenetz/trigger-request-fingerprint', 32));
  return createHmac('sha256', key).update(JSON.stringify(request)).digest('hex');
}
