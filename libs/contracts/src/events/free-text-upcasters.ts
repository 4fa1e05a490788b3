import type { LegacyClearText } from './sealed-value';

/**
 * The free-text fields of each event type (docs/adr/0018). From the version named here on they
 * are sealed (`SealedText`); earlier versions kept them in clear. Every read path opens these
 * fields for an allowed reader and shows "gelöscht" once the subject's key is destroyed.
 */
export const freeTextFields = {
  TaskDeclined: { field: 'reason', sealedFrom: 2 },
  CrisisCancelled: { field: 'reason', sealedFrom: 2 },
  LegalHoldPlaced: { field: 'reason', sealedFrom: 2 },
  DataSubjectErased: { field: 'reason', sealedFrom: 2 },
  BreakGlassAccess: { field: 'reason', sealedFrom: 2 },
  InvitationAnswered: { field: 'reason', sealedFrom: 2 },
  ReviewRequested: { field: 'reason', sealedFrom: 2 },
  HelpEnded: { field: 'note', sealedFrom: 2 },
} as const satisfies Record<string, { field: string; sealedFrom: number }>;
export type FreeTextEventType = keyof typeof freeTextFields;

/** The free-text field of an event type, or null for types without one. */
export function freeTextFieldOf(type: string): string | null {
  return type in freeTextFields ? freeTextFields[type as FreeTextEventType].field : null;
}

/** upcasters[type][fromVersion] lifts an event's data from `fromVersion` to `fromVersion + 1`. */
export type EventDataUpcasters = Record<string, Record<number, (data: unknown) => unknown>>;

/**
 * Lifts a version 1 event whose free text was stored in clear: the string becomes a
 * `LegacyClearText` so that no reader can take it for text that may be shown regardless of
 * erasure. The stored row is not rewritten (it is hashed, chained and checkpointed).
 */
function wrapClearText(field: string) {
  return (data: unknown): unknown => {
    const d = data as Record<string, unknown>;
    const v = d[field];
    if (typeof v !== 'string') return d;
    return { ...d, [field]: { $clear: 'v1', text: v } satisfies LegacyClearText };
  };
}

/**
 * The upcasters of the registry's current versions. BreakGlassAccess is left out while its
 * current version is 1 (the break-glass rework registers version 2 and this step with it).
 */
export const eventUpcasters: EventDataUpcasters = {
  TaskDeclined: { 1: wrapClearText('reason') },
  CrisisCancelled: { 1: wrapClearText('reason') },
  LegalHoldPlaced: { 1: wrapClearText('reason') },
  DataSubjectErased: { 1: wrapClearText('reason') },
  InvitationAnswered: { 1: wrapClearText('reason') },
  ReviewRequested: { 1: wrapClearText('reason') },
  HelpEnded: { 1: wrapClearText('note') },
};

/** BreakGlassAccess version 1 → 2, for the break-glass rework to register with its version 2. */
export const breakGlassAccessUpcaster = { 1: wrapClearText('reason') };
