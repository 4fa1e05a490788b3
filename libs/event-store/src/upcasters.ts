import type { StoredEvent } from '@hilfenetz/contracts';

/**
 * Turns an event stored under an older schema version into the next version's shape. Stored rows
 * are never rewritten (they are hashed and immutable): old events are upcast every time they are
 * read, step by step up to the current version.
 */
export type Upcaster = (data: unknown, event: StoredEvent) => unknown;

/** upcasters[type][fromVersion] lifts `fromVersion` to `fromVersion + 1`. */
export type UpcasterRegistry = Record<string, Record<number, Upcaster>>;

export function upcast(event: StoredEvent, registry: UpcasterRegistry): StoredEvent {
  const steps = registry[event.type];
  if (!steps) return event;
  let { data, schemaVersion } = event;
  for (let step = steps[schemaVersion]; step; step = steps[schemaVersion]) {
    data = step(data, event);
    schemaVersion += 1;
  }
  // The hash stays the stored one: it covers what was written, not the upcast view.
  return schemaVersion === event.schemaVersion ? event : { ...event, data, schemaVersion };
}
