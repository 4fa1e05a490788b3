import type { TimelineEntryDto } from '@hilfenetz/contracts';
import { eventDetails } from './event-details';

const entry = (type: string, data: Record<string, unknown>): TimelineEntryDto => ({
  eventId: 'e1',
  position: '1',
  streamVersion: 1,
  type,
  occurredAt: '2026-12-03T10:05:00.000Z',
  actor: { id: 'u1', role: 'caseworker', organisationId: null, displayName: null, organisationName: null },
  data,
  labels: {},
});

const offlineLine = (type: string, data: Record<string, unknown>) =>
  eventDetails(entry(type, data)).find((d) => d.label === 'Offline erfasst')?.value;

/** Issue 19: every queued action's event says on the timeline when it was done offline. */
describe('timeline details: the device time of an action done offline', () => {
  const actedOnDevice = { at: '2026-12-03T10:00:00.000Z', bounded: false };

  it('a false alarm called off offline', () => {
    expect(
      offlineLine('CrisisCancelled', { reason: 'Fehlalarm', cancelledAt: '2026-12-03T10:05:00.000Z', actedOnDevice }),
    ).toMatch(/^offline erfasst um .+, übertragen um .+ \(Gerätezeit\)$/);
  });

  it('a Hilfeplanung answer given offline, flagged when the device clock was bounded', () => {
    expect(
      offlineLine('InvitationAnswered', {
        party: 'clinic',
        answer: 'confirmed',
        answeredAt: '2026-12-03T10:05:00.000Z',
        actedOnDevice: { ...actedOnDevice, bounded: true },
      }),
    ).toMatch(/\(Gerätezeit unplausibel, begrenzt\)$/);
  });

  it('a crisis triggered offline, and a trigger that joined the running crisis', () => {
    expect(
      offlineLine('CrisisTriggered', { dangerKind: 'self', triggeredAt: '2026-12-03T10:05:00.000Z', actedOnDevice }),
    ).toMatch(/\(Gerätezeit\)$/);
    expect(
      offlineLine('CrisisTriggerJoined', { dangerKind: 'self', joinedAt: '2026-12-03T10:05:00.000Z', actedOnDevice }),
    ).toMatch(/^offline erfasst um /);
  });

  it('a late answer recorded as superseded: what was tried, when, and what had happened instead', () => {
    const details = eventDetails(
      entry('TaskAnswerSuperseded', {
        party: 'clinic',
        answer: 'decline',
        receivedAt: '2026-12-03T10:05:00.000Z',
        actedOnDevice,
        instead: 'acknowledged',
        insteadBy: { id: 'u2', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' },
        insteadAt: '2026-12-03T10:02:00.000Z',
      }),
    );
    const byLabel = Object.fromEntries(details.map((d) => [d.label, d.value]));
    expect(byLabel['Antwort']).toBe('Ablehnung');
    expect(byLabel['Stattdessen']).toBe('schon von einer anderen Stelle bestätigt');
    expect(byLabel['Bestätigt von']).toBe('org-kjp-st-marien');
    expect(byLabel['Offline erfasst']).toMatch(/^offline erfasst um /);
  });

  it('says nothing for an action sent at once', () => {
    expect(offlineLine('CrisisCancelled', { reason: 'Fehlalarm', cancelledAt: '2026-12-03T10:05:00.000Z' })).toBe(
      undefined,
    );
  });
});
