import { eventSchemas, type NewEvent } from '@hilfenetz/contracts';
import { InvalidEvent } from './event-store.errors';

/** Events larger than this are refused: the log is for facts, documents go elsewhere. */
export const MAX_EVENT_BYTES = 64 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses unknown types, wrong schema versions, payloads failing their schema and oversized events. */
export function validateNewEvent(e: NewEvent): void {
  if (!UUID.test(e.eventId)) throw new InvalidEvent(e.type, 'eventId', 'must be a UUID');
  const entry = eventSchemas[e.type];
  if (!entry) throw new InvalidEvent(e.type, 'type', 'unknown event type');
  if (e.schemaVersion !== entry.schemaVersion) {
    throw new InvalidEvent(e.type, 'schemaVersion', `must be ${entry.schemaVersion} for new events`);
  }
  const parsed = entry.schema.safeParse(e.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidEvent(e.type, `data.${issue?.path.join('.') ?? ''}`, issue?.message ?? 'invalid');
  }
  if (!e.metadata.actorId || !e.metadata.actorRole || !e.metadata.correlationId) {
    throw new InvalidEvent(e.type, 'metadata', 'actorId, actorRole and correlationId are required');
  }
  const size = Buffer.byteLength(JSON.stringify({ data: e.data, metadata: e.metadata }));
  if (size > MAX_EVENT_BYTES)
    throw new InvalidEvent(e.type, 'data', `event is ${size} bytes, limit ${MAX_EVENT_BYTES}`);
}
