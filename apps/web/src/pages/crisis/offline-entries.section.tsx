import type { CrisisBoardView, CrisisOfflineEntry } from '@hilfenetz/contracts';
import { formatTimeIso } from '../../i18n/date-format';
import { texts, useTexts } from '../../i18n/language';
import { partyLabel } from '../../i18n/parties';

const T = texts(
  {
    heading: 'Offline nachgetragen',
    intro: 'Was Beteiligte ohne Verbindung erfasst haben und erst später übertragen wurde.',
    kinds: {
      trigger_joined: 'Weitere Auslösung – dieser Krise zugeordnet',
      answer_superseded: 'Offline erfasste Antwort nicht mehr übernommen',
    } satisfies Record<CrisisOfflineEntry['kind'], string>,
    answers: { acknowledge: 'Bestätigung', decline: 'Ablehnung' } as Record<string, string>,
    instead: {
      acknowledged: 'inzwischen von anderer Seite bestätigt',
      moved_on: 'Aufgabe inzwischen weitergegangen oder geschlossen',
      crisis_closed: 'Krise inzwischen beendet',
    } as Record<string, string>,
    device: (at: string, bounded: boolean) =>
      `offline erfasst um ${at}${bounded ? ' (Gerätezeit unplausibel, begrenzt)' : ' (Gerätezeit)'}`,
    sent: (at: string) => `übertragen um ${at}`,
    afterEnd: 'nach Ende der Krise übertragen',
  },
  {
    heading: 'Added after being offline',
    intro: 'What people recorded without a connection and was sent later.',
    kinds: {
      trigger_joined: 'Another trigger – assigned to this crisis',
      answer_superseded: 'Answer recorded offline no longer taken',
    },
    answers: { acknowledge: 'Acknowledgement', decline: 'Decline' },
    instead: {
      acknowledged: 'meanwhile acknowledged by someone else',
      moved_on: 'the task had moved on or was closed',
      crisis_closed: 'the crisis had ended',
    },
    device: (at: string, bounded: boolean) =>
      `recorded offline at ${at}${bounded ? ' (device time implausible, bounded)' : ' (device time)'}`,
    sent: (at: string) => `sent at ${at}`,
    afterEnd: 'sent after the crisis had ended',
  },
);

/**
 * The crisis board's record of what arrived late from offline devices (docs/adr/0034): another
 * trigger recorded in this crisis, or an answer its task no longer took — with both times, so the
 * board shows the merge instead of hiding it.
 */
export function OfflineEntries({ crisis }: { crisis: CrisisBoardView }) {
  const t = useTexts(T);
  // A board kept on the device before this list existed has none.
  const entries = crisis.offlineEntries ?? [];
  if (entries.length === 0) return null;
  const names = crisis.names ?? { organisations: {}, contacts: {}, people: {} };
  return (
    <section className="card" aria-labelledby="offline-entries-heading">
      <h2 id="offline-entries-heading">{t.heading}</h2>
      <p>{t.intro}</p>
      <ul className="offline-entries">
        {entries.map((e) => {
          const parts = [
            e.party ? partyLabel(e.party) : null,
            e.organisationId ? (names.organisations[e.organisationId] ?? e.organisationId) : null,
            names.people[e.actorId] ?? null,
            e.answer ? (t.answers[e.answer] ?? e.answer) : null,
            e.instead ? (t.instead[e.instead] ?? e.instead) : null,
            e.actedOnDevice ? t.device(formatTimeIso(e.actedOnDevice.at), e.actedOnDevice.bounded) : null,
            t.sent(formatTimeIso(e.at)),
            e.afterEnd ? t.afterEnd : null,
          ].filter((p): p is string => p !== null);
          return (
            <li key={e.eventId} data-kind={e.kind}>
              <strong>{t.kinds[e.kind]}</strong> – {parts.join(' · ')}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
