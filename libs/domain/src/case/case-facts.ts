import type {
  AdmissionDecidedData,
  AdmissionDecision,
  AgreementRef,
  AmbulanceDispatchReportedData,
  CaseRegisteredData,
  CrisisCancelledData,
  CrisisTriggeredData,
  DangerKind,
  dataSubjectErasedRead,
  DischargeAnnouncedData,
  GuardianDetailsChangedData,
  GuardianRecordedData,
  GuardianRemovedData,
  HilfeplanungEventOf,
  HilfeplanungRequestedData,
  legalHoldPlacedRead,
  SealedValue,
  Urgency,
} from '@hilfenetz/contracts';
import type { z } from 'zod';
import type { RecordedGuardian } from './guardians';

/** What the registration recorded: the young person's subject (whose key seals everything) and when. */
export interface CaseRegistration {
  youngPersonSubjectId: string;
  /** The young person's details, sealed under the subject's key. */
  youngPerson: SealedValue;
  registeredAt: string;
}

/** An organisation taking part in the case beyond the lead office (named by a discharge or a planning). */
export interface CaseParticipant {
  party: string;
  organisationId: string;
}

/** One crisis of the case as far as readers outside its workflow need it. */
export interface CrisisFacts {
  crisisId: string;
  dangerKind: DangerKind;
  urgency: Urgency;
  triggeredAt: string;
  triggeredBy: { actorId: string; organisationId: string | null };
  /** The agreement version the crisis runs under; null for crises recorded before issue 4. */
  agreement: AgreementRef | null;
  /** Location, note, callback number and caller's name, sealed under the young person's key. */
  situation: SealedValue | null;
  /** The latest dispatch report; the ETA is the last one known (a later report may leave it out). */
  ambulance: { dispatchReference: string; expectedArrivalAt: string | null; reportedAt: string } | null;
  admission: AdmissionDecision | null;
  discharge: { plannedFor: string; announcedAt: string } | null;
  cancelledAt: string | null;
}

/**
 * The typed facts of one case, folded from its stream: who leads and cares, the guardians (their
 * details still sealed), the crises with their agreement version, the organisations taking part,
 * the legal hold and the erasure. Plain JSON: the projector stores it as it is (`case_facts`).
 */
export interface CaseFacts {
  caseId: string;
  /** The last stream version folded in; 0 for a case without events. */
  version: number;
  /**
   * The organisation leading the case: the one CaseRegistered names; before a registration (a
   * crisis triggered on a bare reference), the organisation of whoever opened the stream.
   */
  leadOrganisationId: string | null;
  registration: CaseRegistration | null;
  /** The Träger caring for the young person (may trigger crises for the case). */
  careProviderOrganisationId: string | null;
  /** Still recorded, in the order to try them. */
  guardians: RecordedGuardian[];
  /** In the order they were triggered. */
  crises: CrisisFacts[];
  participants: CaseParticipant[];
  /** When the hold was placed; its reason is sealed free text the facts do not carry (docs/adr/0018). */
  legalHold: { placedAt: string } | null;
  erasure: { subjectId: string; erasedAt: string } | null;
}

type LegalHoldPlacedData = z.infer<typeof legalHoldPlacedRead>;
type DataSubjectErasedData = z.infer<typeof dataSubjectErasedRead>;
type HilfeplanungStartedData = HilfeplanungEventOf<'HilfeplanungStarted'>['data'];

/** The events the case facts read, as a discriminated union of their current schemas. */
export type CaseFactsEvent =
  | { type: 'CaseRegistered'; data: CaseRegisteredData }
  | { type: 'GuardianRecorded'; data: GuardianRecordedData }
  | { type: 'GuardianDetailsChanged'; data: GuardianDetailsChangedData }
  | { type: 'GuardianRemoved'; data: GuardianRemovedData }
  | { type: 'CrisisTriggered'; data: CrisisTriggeredData }
  | { type: 'AmbulanceDispatchReported'; data: AmbulanceDispatchReportedData }
  | { type: 'AdmissionDecided'; data: AdmissionDecidedData }
  | { type: 'DischargeAnnounced'; data: DischargeAnnouncedData }
  | { type: 'CrisisCancelled'; data: CrisisCancelledData }
  | { type: 'HilfeplanungRequested'; data: HilfeplanungRequestedData }
  | { type: 'HilfeplanungStarted'; data: HilfeplanungStartedData }
  | { type: 'LegalHoldPlaced'; data: LegalHoldPlacedData }
  | { type: 'DataSubjectErased'; data: DataSubjectErasedData };

export type CaseFactsEventType = CaseFactsEvent['type'];

const READ: ReadonlySet<string> = new Set<CaseFactsEventType>([
  'CaseRegistered',
  'GuardianRecorded',
  'GuardianDetailsChanged',
  'GuardianRemoved',
  'CrisisTriggered',
  'AmbulanceDispatchReported',
  'AdmissionDecided',
  'DischargeAnnounced',
  'CrisisCancelled',
  'HilfeplanungRequested',
  'HilfeplanungStarted',
  'LegalHoldPlaced',
  'DataSubjectErased',
]);

/** An event of a case stream as the fold receives it: any type; version and author always count. */
export interface CaseStreamEvent {
  type: string;
  data: unknown;
  streamVersion: number;
  metadata: { actorId: string; organisationId?: string };
}

/**
 * The one place event data is narrowed: the store validated every event against its schema when it
 * was appended and upcasts it to the current version when read, so a known type has that shape.
 */
export function asCaseFactsEvent(e: { type: string; data: unknown }): CaseFactsEvent | null {
  return READ.has(e.type) ? (e as CaseFactsEvent) : null;
}

export function emptyCaseFacts(caseId: string): CaseFacts {
  return {
    caseId,
    version: 0,
    leadOrganisationId: null,
    registration: null,
    careProviderOrganisationId: null,
    guardians: [],
    crises: [],
    participants: [],
    legalHold: null,
    erasure: null,
  };
}

/** Guardians in the order to try them, with their 1-based positions (see `guardiansOf`). */
function ranked(guardians: readonly RecordedGuardian[]): RecordedGuardian[] {
  return [...guardians]
    .sort((a, b) => a.rank - b.rank || a.recordedAt.localeCompare(b.recordedAt))
    .map((g, i) => ({ ...g, position: i + 1 }));
}

function withParticipant(list: CaseParticipant[], p: CaseParticipant): CaseParticipant[] {
  return list.some((x) => x.party === p.party && x.organisationId === p.organisationId) ? list : [...list, p];
}

function updateCrisis(facts: CaseFacts, crisisId: string, change: (c: CrisisFacts) => CrisisFacts): CaseFacts {
  if (!facts.crises.some((c) => c.crisisId === crisisId)) return facts;
  return { ...facts, crises: facts.crises.map((c) => (c.crisisId === crisisId ? change(c) : c)) };
}

/**
 * Folds one event of the case's stream into its facts. Pure: the same events give the same facts,
 * whether folded by the projector into `case_facts` or by a reader on top of that snapshot. Events
 * at or below `facts.version` were folded already and change nothing.
 */
export function evolveCaseFacts(facts: CaseFacts, event: CaseStreamEvent): CaseFacts {
  if (event.streamVersion <= facts.version) return facts;
  const opened: CaseFacts = {
    ...facts,
    version: event.streamVersion,
    // Until a registration names the lead, whoever opened the stream leads (a bare crisis reference).
    leadOrganisationId: facts.version === 0 ? (event.metadata.organisationId ?? null) : facts.leadOrganisationId,
  };
  const e = asCaseFactsEvent(event);
  return e ? apply(opened, e, event.metadata) : opened;
}

/** Folds events in stream order (the whole stream, or the tail after a snapshot). */
export function foldCaseFacts(facts: CaseFacts, events: readonly CaseStreamEvent[]): CaseFacts {
  return events.reduce(evolveCaseFacts, facts);
}

function apply(f: CaseFacts, e: CaseFactsEvent, metadata: CaseStreamEvent['metadata']): CaseFacts {
  switch (e.type) {
    case 'CaseRegistered':
      return {
        ...f,
        leadOrganisationId: e.data.leadOrganisationId,
        careProviderOrganisationId: e.data.careProviderOrganisationId ?? null,
        registration: {
          youngPersonSubjectId: e.data.youngPersonSubjectId,
          youngPerson: e.data.youngPerson,
          registeredAt: e.data.registeredAt,
        },
      };
    case 'GuardianRecorded': {
      const { guardianId, rank, details, recordedAt } = e.data;
      const others = f.guardians.filter((g) => g.guardianId !== guardianId);
      return {
        ...f,
        guardians: ranked([...others, { guardianId, rank, position: 0, details, recordedAt, changedAt: null }]),
      };
    }
    case 'GuardianDetailsChanged': {
      const { guardianId, details, changedAt } = e.data;
      return {
        ...f,
        guardians: f.guardians.map((g) => (g.guardianId === guardianId ? { ...g, details, changedAt } : g)),
      };
    }
    case 'GuardianRemoved':
      return { ...f, guardians: ranked(f.guardians.filter((g) => g.guardianId !== e.data.guardianId)) };
    case 'CrisisTriggered': {
      if (f.crises.some((c) => c.crisisId === e.data.crisisId)) return f;
      const crisis: CrisisFacts = {
        crisisId: e.data.crisisId,
        dangerKind: e.data.dangerKind,
        urgency: e.data.urgency,
        triggeredAt: e.data.triggeredAt,
        triggeredBy: { actorId: metadata.actorId, organisationId: metadata.organisationId ?? null },
        agreement: e.data.agreement ?? null,
        situation: e.data.situation ?? null,
        ambulance: null,
        admission: null,
        discharge: null,
        cancelledAt: null,
      };
      return { ...f, crises: [...f.crises, crisis] };
    }
    case 'AmbulanceDispatchReported':
      return updateCrisis(f, e.data.crisisId, (c) => ({
        ...c,
        ambulance: {
          dispatchReference: e.data.dispatchReference,
          expectedArrivalAt: e.data.expectedArrivalAt ?? c.ambulance?.expectedArrivalAt ?? null,
          reportedAt: e.data.reportedAt,
        },
      }));
    case 'AdmissionDecided':
      return updateCrisis(f, e.data.crisisId, (c) => ({ ...c, admission: e.data.decision }));
    case 'DischargeAnnounced':
      return updateCrisis(f, e.data.crisisId, (c) => ({
        ...c,
        discharge: { plannedFor: e.data.plannedFor, announcedAt: e.data.announcedAt },
      }));
    case 'CrisisCancelled':
      return updateCrisis(f, e.data.crisisId, (c) => ({ ...c, cancelledAt: e.data.cancelledAt }));
    case 'HilfeplanungRequested':
      return { ...f, participants: e.data.participants.reduce(withParticipant, f.participants) };
    case 'HilfeplanungStarted': {
      const clinic = e.data.origin.kind === 'manual' ? e.data.origin.clinicOrganisationId : undefined;
      return clinic
        ? { ...f, participants: withParticipant(f.participants, { party: 'clinic', organisationId: clinic }) }
        : f;
    }
    case 'LegalHoldPlaced':
      return f.legalHold ? f : { ...f, legalHold: { placedAt: e.data.placedAt } };
    case 'DataSubjectErased':
      return f.erasure ? f : { ...f, erasure: { subjectId: e.data.subjectId, erasedAt: e.data.erasedAt } };
  }
}

/** A crisis of the case, or null when the case has none by that id (yet). */
export function crisisOf(facts: Pick<CaseFacts, 'crises'>, crisisId: string): CrisisFacts | null {
  return facts.crises.find((c) => c.crisisId === crisisId) ?? null;
}

/** The case exists for readers once any event was recorded for it. */
export function caseKnown(facts: CaseFacts): boolean {
  return facts.version > 0;
}
