import { qualityAnnotationStreamId, type CrisisParty, type NewEvent } from '@hilfenetz/contracts';
import { caseStreamId, lindenauAgreementV1 as agreement, reportMonthOf } from '@hilfenetz/domain';
import type { EventStore } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';

const parties: readonly CrisisParty[] = ['ambulance', 'clinic', 'youth_office', 'provider', 'guardian'];
const orgRole: Record<CrisisParty, string> = {
  ambulance: 'ambulance_dispatch',
  clinic: 'clinic',
  youth_office: 'youth_office',
  provider: 'provider',
  guardian: 'youth_office',
};
const categories = ['contact_data_outdated', 'no_one_on_duty', 'responsibility_misunderstood', 'technical', 'other'];

/** A deterministic pseudo-random sequence, so that two runs seed the same year. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 1 | s) + 0x6d2b79f5) >>> 0;
    return ((s ^ (s >>> 14)) >>> 0) / 2 ** 32;
  };
}

const meta = (organisationId: string) => ({
  actorId: 'u-bench-quality',
  actorRole: 'caseworker',
  organisationId,
  correlationId: 'bench-quality',
});

/**
 * A year of crises in the Lindenau district, as the log holds them: per crisis the trigger, five
 * parties notified, acknowledgements after a spread of latencies, some declines (with an escalation
 * to the next contact), some deadlines missed (escalation, now and then the supervisor alerted),
 * some contacts not reached; the lead office annotates most declines with a cause. Spread evenly
 * over the twelve months up to this one (Berlin), appended through the event store (validation,
 * hash chain), one call per crisis into its case stream. Returns the number of events.
 */
export async function seedYearOfDistrict(
  store: EventStore,
  targetEvents: number,
  log: (m: string) => void,
): Promise<{ events: number; crises: number; months: string[] }> {
  const random = rng(18);
  const lead = agreement.organisations.find((o) => o.roles.includes('youth_office'))!.id;
  const orgOf = (p: CrisisParty) =>
    agreement.organisations.find((o) => o.roles.includes(orgRole[p] as never))?.id ?? lead;
  const now = Date.now();
  const yearMs = 365 * 24 * 3600 * 1000;
  let events = 0;
  let crises = 0;
  const months = new Set<string>();
  while (events < targetEvents) {
    const crisisId = `crisis-bench-q-${crises}-${randomUUID().slice(0, 8)}`;
    const caseId = `${lead.replace(/^org-/, '')}.BQ-${crises}`;
    // Evenly over the last year, never in the future.
    const t0 = now - yearMs + ((crises * 7919 * 3_600_000) % yearMs) - 3_600_000;
    const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();
    months.add(reportMonthOf(at(0)));
    const batch: NewEvent[] = [];
    const annotations: NewEvent[] = [];
    const push = (type: string, data: unknown, org = lead) =>
      (type === 'InterfaceItemAnnotated' ? annotations : batch).push({
        eventId: randomUUID(),
        type,
        schemaVersion: type === 'TaskDeclined' ? 2 : 1,
        data,
        metadata: meta(org),
      });
    push('CrisisTriggered', {
      crisisId,
      caseId,
      dangerKind: 'self',
      urgency: 'urgent',
      triggeredAt: at(0),
      agreement: { agreementId: agreement.agreementId, version: agreement.version },
    });
    for (const party of parties) {
      const taskId = `task-${party}`;
      const organisationId = orgOf(party);
      push('PartyNotified', {
        crisisId,
        taskId,
        party,
        contactId: `ct-bench-${party}`,
        organisationId,
        route: 'always',
        notifiedAt: at(1),
        deadline: at(900),
      });
      const r = random();
      if (party === 'provider' && r < 0.12) {
        push(
          'TaskDeclined',
          {
            crisisId,
            taskId,
            party,
            contactId: `ct-bench-${party}`,
            declinedBy: { id: 'u-bench-traeger', role: 'provider_staff', organisationId },
            declinedAt: at(300),
            reason: { $erased: true, subjectId: 'subj-bench-quality' },
          },
          organisationId,
        );
        push('TaskEscalated', {
          crisisId,
          taskId,
          party,
          cause: 'declined',
          step: 0,
          kind: 'next_contact',
          fromContactId: `ct-bench-${party}`,
          toContactId: `ct-bench-${party}-2`,
          toOrganisationId: organisationId,
          escalatedAt: at(301),
          deadline: at(1200),
        });
        if (random() < 0.8) {
          push('InterfaceItemAnnotated', {
            itemId: randomUUID(),
            caseId,
            crisisId,
            taskId,
            kind: 'decline',
            party,
            organisationId,
            agreementId: agreement.agreementId,
            month: reportMonthOf(at(0)),
            category: categories[Math.floor(random() * categories.length)]!,
            annotatedBy: { id: 'u-bench-leitung', role: 'supervisor', organisationId: lead },
            annotatedAt: at(86_400),
          });
        }
      } else if (r < 0.2) {
        push('TaskEscalated', {
          crisisId,
          taskId,
          party,
          cause: 'deadline_missed',
          missedDeadline: at(900),
          step: 0,
          kind: 'next_contact',
          fromContactId: `ct-bench-${party}`,
          toContactId: `ct-bench-${party}-2`,
          toOrganisationId: organisationId,
          escalatedAt: at(901),
          deadline: at(1800),
        });
      } else if (party === 'guardian' && r < 0.3) {
        push('ContactNotReached', {
          crisisId,
          taskId,
          contactId: `ct-bench-${party}`,
          attempts: 3,
          recordedAt: at(600),
        });
      } else {
        push(
          'TaskAcknowledged',
          {
            crisisId,
            taskId,
            party,
            acknowledgedBy: { id: `u-bench-${party}`, role: 'caseworker', organisationId },
            acknowledgedAt: at(20 + Math.floor(random() * 880)),
            method: 'in_app',
          },
          organisationId,
        );
      }
    }
    await store.append(caseStreamId(caseId), batch, 'no_stream');
    // The lead office's annotations live on a stream of their own, as the API writes them.
    if (annotations.length > 0) await store.append(qualityAnnotationStreamId(caseId), annotations, 'no_stream');
    events += batch.length + annotations.length;
    crises++;
    if (crises % 1000 === 0) log(`seeded ${crises} crises, ${events} events`);
  }
  return { events, crises, months: [...months].sort() };
}
