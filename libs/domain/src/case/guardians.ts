import { asKnownEvent, type SealedValue } from '@hilfenetz/contracts';

/** A guardian as the case stream knows them now: details still sealed under the young person's key. */
export interface RecordedGuardian {
  guardianId: string;
  /** The rank recorded with the guardian; only its order matters (see `position`). */
  rank: number;
  /** 1-based place among the guardians still recorded: `case-file:guardian-contact-N` is position N. */
  position: number;
  details: SealedValue;
  recordedAt: string;
  changedAt: string | null;
}

/** At most this many guardians at once: parents, a Vormund and a supplementary carer. */
export const MAX_GUARDIANS = 4;

/** The highest rank GuardianRecorded accepts. */
export const MAX_GUARDIAN_RANK = 10;

/**
 * The guardians still recorded for a case, in the order to try them (rank), folded from the case
 * stream's guardian events. Other events are ignored, so the whole stream may be passed in.
 */
export function guardiansOf(events: readonly { type: string; data: unknown }[]): RecordedGuardian[] {
  const byId = new Map<string, Omit<RecordedGuardian, 'position'>>();
  for (const stored of events) {
    const e = asKnownEvent(stored);
    if (e?.type === 'GuardianRecorded') {
      const d = e.data;
      byId.set(d.guardianId, {
        guardianId: d.guardianId,
        rank: d.rank,
        details: d.details,
        recordedAt: d.recordedAt,
        changedAt: null,
      });
    } else if (e?.type === 'GuardianDetailsChanged') {
      const g = byId.get(e.data.guardianId);
      if (g) byId.set(e.data.guardianId, { ...g, details: e.data.details, changedAt: e.data.changedAt });
    } else if (e?.type === 'GuardianRemoved') {
      byId.delete(e.data.guardianId);
    }
  }
  return [...byId.values()]
    .sort((a, b) => a.rank - b.rank || a.recordedAt.localeCompare(b.recordedAt))
    .map((g, i) => ({ ...g, position: i + 1 }));
}

/** The rank a guardian added now gets: after every one still recorded; null when none is left. */
export function nextGuardianRank(current: readonly RecordedGuardian[]): number | null {
  const next = Math.max(0, ...current.map((g) => g.rank)) + 1;
  return next <= MAX_GUARDIAN_RANK ? next : null;
}

/**
 * The guardian an agreement address `case-file:guardian-contact-N` points to: the N-th guardian
 * still recorded (so removing the first makes the second the first to call). Null for another
 * address or when the case has fewer guardians.
 */
export function guardianForAddress(guardians: readonly RecordedGuardian[], address: string): RecordedGuardian | null {
  const m = /^case-file:guardian-contact-(\d+)$/.exec(address);
  if (!m) return null;
  return guardians.find((g) => g.position === Number(m[1])) ?? null;
}
