import { roles, type Role } from '@hilfenetz/contracts';
import { parseMasterKey, PersonalDataVault, PostgresEventStore } from '@hilfenetz/event-store';
import { caseIdOf, openDataSource, stopApp, tokenFor, type AppProcess } from '@hilfenetz/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';
import { startOwnApi } from './support/own-api';

const stack = e2eStack();

/**
 * How a caller of another organisation fares on a case led by the Jugendamt Lindenau:
 * - break_glass: a read that partners of the lead office's agreement may make by breaking the glass,
 *   in the roles the agreement names (tests/e2e/attacks/break-glass*); the foreign case here is
 *   led by the neighbouring district, which has no agreement with Lindenau, so its callers get
 *   exactly the 404 of an unknown case and no offer (issue 13, finding 3)
 * - deny: 403, no way round it (the same for an unknown case, so it tells nothing)
 * - workflow: the crisis workflow decides by the task's organisation; a crisis of another
 *   organisation's case answers like an unknown one (404), never by acting
 * - own_only: the endpoint shows only the caller's own organisation's data: 200, and the foreign
 *   case appears nowhere in the answer
 * - unscoped: no organisation check yet — a known gap, listed here with the status it gets today
 *   (`foreignStatus`) so that it stays visible and a change is noticed
 * - hidden: 404 as if the thing did not exist (a briefing is for its task's holder and the lead only;
 *   a write on another office's case, where a 403 would confirm the reference: issue 13, finding 8)
 * - own_office: the request names a case of the caller's own office only (docs/adr/0024): another
 *   office's full id is refused 422 whether or not that office has such a case
 *
 * `parties` overrides the rule for the roles that take part in a crisis or planning (clinic,
 * provider) rather than lead the case. `body` is a valid request body, so that a write reaches
 * the organisation check instead of stopping at validation. `ok` lists the statuses a listed role
 * may get on the role probe (a case nobody registered, an empty body, so nothing is written):
 * anything else, a 500 above all, fails even though it is no 403.
 */
type ForeignOrganisation = 'break_glass' | 'deny' | 'workflow' | 'own_only' | 'own_office' | 'unscoped' | 'hidden';
type Row =
  /** `validatesBody`: a public write that checks its body (a signature, a one-time code): `{}` gets 400. */
  | { public: true; validatesBody?: true }
  | {
      roles: Role[];
      ok: number[];
      foreignOrganisation: ForeignOrganisation;
      /** `unscoped` only: what another organisation's call gets today. */
      foreignStatus?: number;
      parties?: { roles: Role[]; foreignOrganisation: ForeignOrganisation };
      body?: unknown;
      /** The query string of every call, `{caseId}` replaced (a search needs its prefix). */
      query?: string;
    };

/** The month running now in Berlin, as the quality report counts it. */
const thisMonth = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
}).format(new Date());
const youthOffice: Role[] = ['caseworker', 'on_call'];
const taskHolders: Role[] = [
  'caseworker',
  'on_call',
  'provider_staff',
  'clinic_staff',
  'ambulance_dispatch',
  'supervisor',
];
const planners: Role[] = ['caseworker', 'on_call', 'clinic_staff', 'provider_staff'];
const planReaders: Role[] = ['caseworker', 'on_call', 'supervisor', 'clinic_staff', 'provider_staff'];
/** Agreements hold no personal data; not scoped by organisation: one agreement binds a whole region. */
const agreementReaders: Role[] = [
  'caseworker',
  'on_call',
  'supervisor',
  'auditor',
  'administrator',
  'clinic_staff',
  'provider_staff',
];

/** The network's people (issue 17): the coordinating office and the partners' contacts. */
const networkPeople: Role[] = ['network_coordinator', 'partner_contact'];
/** The network's daily cooperation: its people and the staff of member organisations (issue 17 parts 5–7). */
const networkStaff: Role[] = [...networkPeople, 'caseworker', 'supervisor', 'provider_staff', 'clinic_staff'];
const matrixPartnerProfile = {
  name: 'Praxis Matrix',
  kind: 'kinderarztpraxis',
  targetGroups: ['familien_0_3'],
  region: 'Nord',
};
const matrixContact = {
  name: 'Alex Matrix',
  function: 'Praxisleitung',
  phone: '07621 000-000',
  email: 'matrix@praxis.example',
  hours: 'Mo 9–12 Uhr',
};
const matrixOffer = {
  title: 'Sprechstunde',
  description: 'Offene Sprechstunde für Eltern mit Säuglingen.',
  targetGroups: ['familien_0_3'],
  region: 'Nord',
  place: 'Praxis am Markt',
  howToReach: 'ohne Anmeldung',
  cost: 'kostenlos',
  languages: ['de'],
};
/** A network, partner and offer nobody founded: what the matrix's network routes are called with. */
const withNetworkIds = (url: string) =>
  url
    .replace('{networkId}', 'net-matrix-none')
    .replace('{organisationId}', 'org-matrix-none')
    .replace('{offerId}', 'off-00000000-0000-4000-8000-000000000000')
    .replace('{meetingId}', 'mtg-00000000-0000-4000-8000-000000000000')
    .replace('{topicId}', 'top-00000000-0000-4000-8000-000000000000')
    .replace('{consultationId}', 'nc-00000000-0000-4000-8000-000000000000')
    .replace('{referralId}', 'nr-00000000-0000-4000-8000-000000000000')
    .replace('{goalId}', 'ng-00000000-0000-4000-8000-000000000000');

/** §8a: the lead youth office, and the case's Träger under its §8a (4) agreement. */
const riskAssessors: Role[] = ['caseworker', 'on_call', 'provider_staff'];
const riskAssessmentReaders: Role[] = ['caseworker', 'on_call', 'supervisor', 'auditor', 'provider_staff'];

/** The lead office keeps the guardians of its cases. */
const guardianKeepers: Role[] = ['caseworker', 'on_call', 'supervisor'];
const aGuardian = { name: 'Anna Keller', relation: 'mother', phone: '+4915112345678' };

/**
 * THE authorization matrix: every route the API serves, who may call it, and what happens to
 * another organisation. A route missing here fails the first test; a role the table does not
 * list must get 403 from the endpoint, a listed one must get through the role check.
 */
const matrix: Record<string, Row> = {
  'GET /health': { public: true },
  'GET /ready': { public: true },
  'GET /openapi.json': { public: true },
  // References are scoped by office (issue 13, finding 8): another office's id is never one's own.
  'POST /cases': {
    roles: youthOffice,
    ok: [400],
    foreignOrganisation: 'own_office',
    body: { caseId: '{caseId}', youngPerson: { givenName: 'Eva', familyName: 'Matrix', dateOfBirth: '2010-01-01' } },
  },
  'GET /cases': {
    roles: ['caseworker', 'on_call', 'supervisor', 'auditor'],
    ok: [200],
    foreignOrganisation: 'own_only',
    query: 'ref={caseId}',
  },
  'GET /cases/{caseId}': {
    roles: ['caseworker', 'on_call', 'supervisor'],
    ok: [404],
    foreignOrganisation: 'break_glass',
  },
  'POST /cases/{caseId}/legal-hold': {
    roles: ['supervisor', 'administrator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { reason: '§9b SGB VIII: Aufbewahrung' },
  },
  'POST /cases/{caseId}/erasure': {
    roles: ['administrator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { reason: 'Löschfrist abgelaufen' },
  },
  'POST /cases/{caseId}/guardians': {
    roles: guardianKeepers,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: aGuardian,
  },
  'PUT /cases/{caseId}/guardians/{guardianId}': {
    roles: guardianKeepers,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: aGuardian,
  },
  'DELETE /cases/{caseId}/guardians/{guardianId}': { roles: guardianKeepers, ok: [404], foreignOrganisation: 'hidden' },
  'GET /cases/{caseId}/timeline': {
    roles: ['caseworker', 'on_call', 'supervisor', 'auditor'],
    ok: [404],
    foreignOrganisation: 'break_glass',
  },
  'GET /cases/{caseId}/timeline/export': {
    roles: ['caseworker', 'on_call', 'supervisor', 'auditor'],
    ok: [404],
    foreignOrganisation: 'break_glass',
  },
  // Another office's access log answers like an unknown case: a 403 would confirm the reference.
  'GET /cases/{caseId}/access-log': { roles: ['supervisor', 'auditor'], ok: [404], foreignOrganisation: 'hidden' },
  'POST /cases/{caseId}/crises': {
    roles: [...youthOffice, 'provider_staff'],
    ok: [400],
    foreignOrganisation: 'hidden',
    // A Träger triggers only for the cases it cares for (CaseRegistered.careProviderOrganisationId).
    parties: { roles: ['provider_staff'], foreignOrganisation: 'deny' },
    body: { dangerKind: 'self', urgency: 'immediate' },
  },
  'GET /cases/{caseId}/crises/{crisisId}': {
    roles: [...youthOffice, 'provider_staff', 'supervisor'],
    ok: [404],
    foreignOrganisation: 'break_glass',
    // A provider reads a crisis in which its organisation holds a task, never by break-glass; any
    // other crisis answers like an unknown case.
    parties: { roles: ['provider_staff'], foreignOrganisation: 'hidden' },
  },
  'POST /cases/{caseId}/crises/{crisisId}/cancel': {
    roles: youthOffice,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { reason: 'Fehlalarm' },
  },
  'POST /cases/{caseId}/crises/{crisisId}/admission': {
    roles: ['clinic_staff'],
    ok: [400],
    foreignOrganisation: 'workflow',
    body: { decision: 'admitted_voluntary' },
  },
  'POST /cases/{caseId}/crises/{crisisId}/discharge': {
    roles: ['clinic_staff'],
    ok: [400],
    foreignOrganisation: 'workflow',
    body: { plannedFor: '2031-03-01T09:00:00Z' },
  },
  'POST /cases/{caseId}/crises/{crisisId}/ambulance-dispatch': {
    roles: ['ambulance_dispatch'],
    ok: [400],
    foreignOrganisation: 'workflow',
    body: { dispatchReference: 'E-2031-0001' },
  },
  'POST /cases/{caseId}/crises/{crisisId}/tasks/{taskId}/acknowledge': {
    roles: taskHolders,
    ok: [404],
    foreignOrganisation: 'workflow',
    body: {},
  },
  'POST /cases/{caseId}/crises/{crisisId}/tasks/{taskId}/decline': {
    roles: taskHolders,
    ok: [400],
    foreignOrganisation: 'workflow',
    body: { reason: 'Kein Platz frei' },
  },
  // Every task holder but the auditor; the holder and the lead office read it, anyone else gets 404.
  // The in-app delivery receipt of an open client: the workflow checks the task's organisation.
  'POST /cases/{caseId}/crises/{crisisId}/tasks/{taskId}/delivery': {
    roles: taskHolders,
    ok: [400],
    foreignOrganisation: 'workflow',
    body: { state: 'delivered' },
  },
  // Without a token: the SMS/voice gateway signs its receipts, a guardian has a one-time code.
  'POST /notifications/gateway-receipts': { public: true, validatesBody: true },
  'POST /public/guardian-confirmations': { public: true, validatesBody: true },
  'GET /cases/{caseId}/crises/{crisisId}/tasks/{taskId}/briefing': {
    roles: taskHolders,
    ok: [404],
    foreignOrganisation: 'hidden',
  },
  // The lead office reads every audience, the holders of the ambulance and clinic tasks their own; anyone else 404.
  'GET /cases/{caseId}/crises/{crisisId}/lagebild': {
    roles: [...youthOffice, 'supervisor', 'ambulance_dispatch', 'clinic_staff'],
    ok: [404],
    foreignOrganisation: 'hidden',
  },
  'GET /cases/{caseId}/crises/{crisisId}/lagebild.pdf': {
    roles: [...youthOffice, 'supervisor', 'ambulance_dispatch', 'clinic_staff'],
    ok: [404],
    foreignOrganisation: 'hidden',
  },
  'POST /cases/{caseId}/hilfeplanung': { roles: youthOffice, ok: [404], foreignOrganisation: 'hidden' },
  'GET /cases/{caseId}/hilfeplanung': {
    roles: planReaders,
    ok: [404],
    foreignOrganisation: 'break_glass',
    // Clinics and Träger read the plannings their organisation takes part in (libs/domain planningOrganisationsOf).
    parties: { roles: ['clinic_staff', 'provider_staff'], foreignOrganisation: 'hidden' },
  },
  'POST /cases/{caseId}/hilfeplanung/meeting': {
    roles: youthOffice,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { meetingAt: '2031-03-01T09:00:00Z' },
  },
  'POST /cases/{caseId}/hilfeplanung/invitations': {
    roles: planners,
    ok: [400],
    foreignOrganisation: 'hidden',
    // Taking part is checked first: "no part" is the same 403 for an unknown case.
    parties: { roles: ['clinic_staff', 'provider_staff'], foreignOrganisation: 'deny' },
    body: { party: 'clinic', answer: 'confirmed' },
  },
  'POST /cases/{caseId}/hilfeplanung/statements': {
    roles: ['clinic_staff', 'provider_staff'],
    ok: [400],
    foreignOrganisation: 'deny',
    body: { text: 'Stellungnahme der Klinik zur weiteren Hilfe.' },
  },
  'POST /cases/{caseId}/hilfeplanung/plan': {
    roles: youthOffice,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: {
      heldAt: '2030-03-01T09:00:00Z',
      participants: ['youth_office'],
      youngPersonView: 'Ich möchte in der Wohngruppe bleiben.',
      goals: [{ text: 'Schulbesuch stabilisieren' }],
    },
  },
  'GET /cases/{caseId}/hilfeplanung/plan': {
    roles: planReaders,
    ok: [404],
    foreignOrganisation: 'break_glass',
    // The plan is cut to the reader's party (plan-visibility.ts), for organisations taking part only.
    parties: { roles: ['clinic_staff', 'provider_staff'], foreignOrganisation: 'hidden' },
  },
  'POST /cases/{caseId}/hilfeplanung/review-requests': {
    roles: planners,
    ok: [400],
    foreignOrganisation: 'hidden',
    // Taking part is checked first: "no part" is the same 403 for an unknown case.
    parties: { roles: ['clinic_staff', 'provider_staff'], foreignOrganisation: 'deny' },
    body: { reason: 'Die Lage in der Wohngruppe hat sich verändert.' },
  },
  'POST /cases/{caseId}/hilfeplanung/end': {
    roles: youthOffice,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { reason: 'goals_reached' },
  },
  // §8a risk assessments (issue 18): the lead youth office; the case's Träger for its own (§8a (4)).
  'POST /cases/{caseId}/risk-assessments': {
    roles: riskAssessors,
    ok: [400],
    foreignOrganisation: 'hidden',
    // The Träger is checked against the case's registration: not its case is the same 403 as an unknown one.
    parties: { roles: ['provider_staff'], foreignOrganisation: 'deny' },
    body: { concern: 'Das Kind kam mehrfach mit Verletzungen in die Wohngruppe.' },
  },
  'GET /cases/{caseId}/risk-assessments': {
    roles: riskAssessmentReaders,
    ok: [404],
    foreignOrganisation: 'break_glass',
    parties: { roles: ['provider_staff'], foreignOrganisation: 'hidden' },
  },
  'GET /cases/{caseId}/risk-assessments/{assessmentId}': {
    roles: riskAssessmentReaders,
    ok: [404],
    foreignOrganisation: 'break_glass',
    parties: { roles: ['provider_staff'], foreignOrganisation: 'hidden' },
  },
  'POST /cases/{caseId}/risk-assessments/{assessmentId}/specialist': {
    roles: riskAssessors,
    ok: [400],
    foreignOrganisation: 'hidden',
    parties: { roles: ['provider_staff'], foreignOrganisation: 'deny' },
    body: {
      specialistName: 'Frau Berger',
      specialistOrganisation: 'Kinderschutzzentrum',
      consultedAt: '2030-03-01T09:00:00Z',
    },
  },
  'POST /cases/{caseId}/risk-assessments/{assessmentId}/joint-assessment': {
    roles: riskAssessors,
    ok: [400],
    foreignOrganisation: 'hidden',
    parties: { roles: ['provider_staff'], foreignOrganisation: 'deny' },
    body: {
      professionals: [
        { professionalId: 'u-a', organisationId: 'org-a', function: 'ASD' },
        { professionalId: 'u-b', organisationId: 'org-a', function: 'Teamleitung' },
      ],
      assessedAt: '2030-03-01T09:00:00Z',
      assessment: 'Gewichtige Anhaltspunkte bestätigt.',
    },
  },
  'POST /cases/{caseId}/risk-assessments/{assessmentId}/family-involvement': {
    roles: riskAssessors,
    ok: [400],
    foreignOrganisation: 'hidden',
    parties: { roles: ['provider_staff'], foreignOrganisation: 'deny' },
    body: {
      youngPerson: { involved: true, at: '2030-03-01T09:00:00Z' },
      guardians: { involved: true, at: '2030-03-01T09:00:00Z' },
    },
  },
  'POST /cases/{caseId}/risk-assessments/{assessmentId}/decision': {
    roles: riskAssessors,
    ok: [400],
    foreignOrganisation: 'hidden',
    parties: { roles: ['provider_staff'], foreignOrganisation: 'deny' },
    body: { outcome: 'no_risk', reason: 'Keine Gefährdung nach gemeinsamer Einschätzung.' },
  },
  'POST /cases/{caseId}/risk-assessments/{assessmentId}/review': {
    roles: riskAssessors,
    ok: [400],
    foreignOrganisation: 'hidden',
    parties: { roles: ['provider_staff'], foreignOrganisation: 'deny' },
    body: { note: 'Schutzplan eingehalten, Lage stabil.' },
  },
  // §4 KKG (issue 18): partners report on the lead office's case; the youth office gives the feedback.
  'POST /cases/{caseId}/kkg-reports': {
    roles: ['caseworker', 'on_call', 'clinic_staff', 'provider_staff'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { profession: 'clinic', concern: 'Wiederholte unerklärte Verletzungen bei der Untersuchung.' },
  },
  'GET /cases/{caseId}/kkg-reports': {
    roles: ['caseworker', 'on_call', 'supervisor', 'auditor', 'clinic_staff', 'provider_staff'],
    ok: [404],
    foreignOrganisation: 'break_glass',
    // A reporter reads its own reports' feedback; on another office's case it reported nothing.
    parties: { roles: ['clinic_staff', 'provider_staff'], foreignOrganisation: 'hidden' },
  },
  'POST /cases/{caseId}/kkg-reports/{reportId}/feedback': {
    roles: youthOffice,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { riskConfirmed: true, acting: true },
  },
  // The reporter takes note of the feedback (ADR 0041): its own report only, like reading it.
  'POST /cases/{caseId}/kkg-reports/{reportId}/acknowledgement': {
    roles: ['clinic_staff', 'provider_staff'],
    ok: [404],
    foreignOrganisation: 'hidden',
  },
  'GET /tasks': { roles: taskHolders, ok: [200], foreignOrganisation: 'own_only', query: 'caseId={caseId}' },
  'GET /tasks/stream': { roles: taskHolders, ok: [200], foreignOrganisation: 'own_only' },
  'GET /crises': { roles: taskHolders, ok: [200], foreignOrganisation: 'own_only' },
  'GET /agreements': { roles: agreementReaders, ok: [200], foreignOrganisation: 'unscoped', foreignStatus: 200 },
  'GET /organisations': { roles: agreementReaders, ok: [200], foreignOrganisation: 'unscoped', foreignStatus: 200 },
  'GET /agreements/{agreementId}/versions/{version}': {
    roles: agreementReaders,
    ok: [404],
    foreignOrganisation: 'unscoped',
    foreignStatus: 404,
  },
  'POST /agreements/{agreementId}/versions': {
    roles: ['administrator'],
    ok: [400],
    foreignOrganisation: 'unscoped',
    foreignStatus: 400,
  },
  // Agreements are no case data: a partner reads what it is asked to sign (ADR 0015); who may sign is
  // the version's own check (an administrator of a named organisation), shown in attacks/agreement-rewiring.
  'GET /agreements/{agreementId}/versions/{version}/diff': {
    roles: agreementReaders,
    ok: [404],
    foreignOrganisation: 'unscoped',
    foreignStatus: 404,
  },
  'POST /agreements/{agreementId}/versions/{version}/signatures': {
    roles: ['administrator'],
    ok: [404],
    foreignOrganisation: 'unscoped',
    foreignStatus: 404,
  },
  'POST /agreements/{agreementId}/versions/{version}/withdrawals': {
    roles: ['administrator'],
    ok: [404],
    foreignOrganisation: 'unscoped',
    foreignStatus: 404,
  },
  // The lead office's reviews of break-glass reads into its cases (docs/adr/0019).
  // The anonymised quality report: the report of the caller's own agreement, no case in it.
  'GET /quality-reports': {
    roles: ['supervisor', 'auditor', 'network_coordinator'],
    ok: [200],
    foreignOrganisation: 'own_only',
    query: `from=${thisMonth}&to=${thisMonth}&agreementId=lindenau-krisenkooperation`,
  },
  'GET /quality-reports/export': {
    roles: ['supervisor', 'auditor', 'network_coordinator'],
    ok: [200],
    foreignOrganisation: 'own_only',
    query: `from=${thisMonth}&to=${thisMonth}&agreementId=lindenau-krisenkooperation&format=csv`,
  },
  // The lead office's items at the interfaces of its own cases (issue 18 §3): a list of its own,
  // an annotation of another office's (or an unknown) item answers 404 like none.
  'GET /quality-annotations/items': {
    roles: ['supervisor', 'caseworker'],
    ok: [200],
    foreignOrganisation: 'own_only',
    query: `from=${thisMonth}&to=${thisMonth}&agreementId=lindenau-krisenkooperation`,
  },
  'PUT /quality-annotations/items/{itemId}': {
    roles: ['supervisor', 'caseworker'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { category: 'technical', note: 'Gateway gestört.' },
  },
  // The agreement's register of weaknesses: read by every partner's Leitung and Prüfung, kept by the lead office.
  'GET /weakness-register': {
    roles: ['supervisor', 'auditor', 'network_coordinator'],
    ok: [200],
    foreignOrganisation: 'own_only',
    query: 'agreementId=lindenau-krisenkooperation',
  },
  'POST /weakness-register': {
    roles: ['supervisor', 'caseworker'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: {
      agreementId: 'lindenau-krisenkooperation',
      sourceItemId: '00000000-0000-4000-8000-000000000000',
      kind: 'weakness',
      what: 'Rufbereitschaft nachts unbesetzt',
      example: 'Niemand im Dienst, Kette lief bis zur Leitung.',
    },
  },
  'POST /weakness-register/{weaknessId}/status': {
    roles: ['supervisor', 'caseworker'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { status: 'to_committee' },
  },
  'GET /break-glass-reviews': {
    roles: ['supervisor', 'data_protection_officer'],
    ok: [200],
    foreignOrganisation: 'own_only',
  },
  'POST /break-glass-reviews/{reviewId}/decision': {
    roles: ['supervisor'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { verdict: 'justified', note: 'Einsatz in der Nacht, Leitung nicht erreichbar.' },
  },
  // The network itself (issue 17, docs/adr/0035): no case in it. The role probe names a network
  // nobody founded; with a valid body every write reaches the network and finds none (404, like
  // a network the caller is no member of would not tell more than 403 does).
  'GET /networks': { roles: networkPeople, ok: [200], foreignOrganisation: 'own_only' },
  'POST /networks': {
    roles: ['network_coordinator'],
    ok: [400],
    // Founding for another office only: refused, nothing founded.
    foreignOrganisation: 'deny',
    body: {
      networkId: 'net-matrix-foreign',
      name: 'Netzwerk Nachbarkreis',
      kind: 'cooperation',
      region: 'Nachbarkreis',
      coordinatingOrganisationIds: ['org-jugendamt-nachbarkreis'],
    },
  },
  'GET /networks/{networkId}': { roles: networkPeople, ok: [404], foreignOrganisation: 'hidden' },
  'POST /networks/{networkId}/sub-networks': {
    roles: ['network_coordinator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { subNetworkId: 'nord', name: 'Netzwerk Nord', region: 'Nord' },
  },
  'POST /networks/{networkId}/partners': {
    roles: ['network_coordinator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { organisationId: 'org-matrix-partner', profile: matrixPartnerProfile },
  },
  'PUT /networks/{networkId}/partners/{organisationId}': {
    roles: ['network_coordinator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { profile: matrixPartnerProfile },
  },
  'DELETE /networks/{networkId}/partners/{organisationId}': {
    roles: ['network_coordinator'],
    ok: [404],
    foreignOrganisation: 'hidden',
  },
  'POST /networks/{networkId}/partners/{organisationId}/contact': {
    roles: networkPeople,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { details: matrixContact, consent: { givenOn: '2026-01-15', scope: ['network_directory'] } },
  },
  'PUT /networks/{networkId}/partners/{organisationId}/contact': {
    roles: ['partner_contact'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { details: matrixContact },
  },
  'GET /networks/{networkId}/partners/{organisationId}/contact/access-log': {
    roles: networkPeople,
    ok: [404],
    foreignOrganisation: 'hidden',
  },
  'POST /networks/{networkId}/partners/{organisationId}/contact/consent-withdrawal': {
    roles: networkPeople,
    ok: [404],
    foreignOrganisation: 'hidden',
  },
  'POST /networks/{networkId}/offers': {
    roles: networkPeople,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { offer: matrixOffer },
  },
  'PUT /networks/{networkId}/offers/{offerId}': {
    roles: networkPeople,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { offer: matrixOffer },
  },
  'DELETE /networks/{networkId}/offers/{offerId}': { roles: networkPeople, ok: [404], foreignOrganisation: 'hidden' },
  // Anonymous case consultations (issue 17 part 5, docs/adr/0039): the network's staff of member
  // organisations; a network nobody founded answers 404 after a valid body.
  'GET /networks/{networkId}/consultations': { roles: networkStaff, ok: [404], foreignOrganisation: 'hidden' },
  'POST /networks/{networkId}/consultations': {
    roles: networkStaff,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: {
      addressedTo: { kind: 'network' },
      topic: 'Übergang Klinik',
      question: 'Wie gelingt die Nachsorge nach der Geburt?',
    },
  },
  'POST /networks/{networkId}/consultations/{consultationId}/answers': {
    roles: networkStaff,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { answer: 'Mit einem festen Kontakt in der Klinik.' },
  },
  'PUT /networks/{networkId}/consultations/{consultationId}/case-example': {
    roles: ['network_coordinator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { caseExample: true },
  },
  // The network's meetings (issue 17 part 4, docs/adr/0038): the coordinating office manages,
  // members propose, vote, read; a network nobody founded answers 404 after a valid body.
  'POST /networks/{networkId}/meeting-series': {
    roles: ['network_coordinator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { name: 'Netzwerktreffen', rule: { meetingsPerYear: 2, fachtagePerYear: 0 } },
  },
  'GET /networks/{networkId}/meetings': { roles: networkPeople, ok: [404], foreignOrganisation: 'hidden' },
  'POST /networks/{networkId}/meetings': {
    roles: ['network_coordinator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: {
      seriesId: 'mser-00000000-0000-4000-8000-000000000000',
      kind: 'sitzung',
      title: 'Netzwerktreffen',
      startsAt: '2030-03-10T16:00:00+01:00',
      endsAt: '2030-03-10T18:00:00+01:00',
      topicsDueAt: '2030-03-01T16:00:00+01:00',
    },
  },
  'GET /networks/{networkId}/meetings/{meetingId}': { roles: networkPeople, ok: [404], foreignOrganisation: 'hidden' },
  'POST /networks/{networkId}/meetings/{meetingId}/topics': {
    roles: networkPeople,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { title: 'Übergänge Klinik' },
  },
  'POST /networks/{networkId}/meetings/{meetingId}/topics/{topicId}/votes': {
    roles: networkPeople,
    ok: [404],
    foreignOrganisation: 'hidden',
  },
  'PUT /networks/{networkId}/meetings/{meetingId}/agenda': {
    roles: ['network_coordinator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { items: [{ title: 'Begrüßung' }] },
  },
  'PUT /networks/{networkId}/meetings/{meetingId}/attendance': {
    roles: ['network_coordinator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { presentOrganisationIds: [] },
  },
  'PUT /networks/{networkId}/meetings/{meetingId}/minute-taker': {
    roles: ['network_coordinator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { organisationId: 'org-matrix-none' },
  },
  'PUT /networks/{networkId}/meetings/{meetingId}/minutes': {
    roles: networkPeople,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { text: 'Protokoll des Treffens.' },
  },
  'POST /networks/{networkId}/meetings/{meetingId}/minutes/approval': {
    roles: ['network_coordinator'],
    ok: [404],
    foreignOrganisation: 'hidden',
  },
  // The yearly confirmation of a contact's data (issue 17 part 2, docs/adr/0038).
  'GET /networks/{networkId}/contact-confirmations': { roles: networkPeople, ok: [404], foreignOrganisation: 'hidden' },
  'POST /networks/{networkId}/partners/{organisationId}/contact/confirmation': {
    roles: ['partner_contact'],
    ok: [404],
    foreignOrganisation: 'hidden',
  },
  // Referrals between partners (issue 17 part 6, docs/adr/0039).
  'GET /networks/{networkId}/referrals': { roles: networkStaff, ok: [404], foreignOrganisation: 'hidden' },
  'POST /networks/{networkId}/referrals': {
    roles: networkStaff,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: {
      toOrganisationId: 'org-matrix-none',
      offerId: 'off-00000000-0000-4000-8000-000000000000',
      family: { name: 'Familie Matrix', needs: 'Beratung' },
      consent: { givenBy: 'mutter', givenOn: '2026-01-15', scope: ['kontaktdaten_weitergeben'] },
    },
  },
  'POST /networks/{networkId}/referrals/{referralId}/decision': {
    roles: networkStaff,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { decision: 'accepted' },
  },
  'POST /networks/{networkId}/referrals/{referralId}/erasure': {
    roles: networkStaff,
    ok: [404],
    foreignOrganisation: 'hidden',
  },
  'GET /networks/{networkId}/referrals/{referralId}/access-log': {
    roles: networkStaff,
    ok: [404],
    foreignOrganisation: 'hidden',
  },
  // The network's register of weaknesses, annual goals and annual report (issue 17 part 7, ADR 0039).
  'GET /networks/{networkId}/weakness-register': { roles: networkStaff, ok: [404], foreignOrganisation: 'hidden' },
  'POST /networks/{networkId}/weakness-register': {
    roles: networkStaff,
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { what: 'Übergabe fehlt', where: 'Klinik → Hebamme', example: 'Entlassung ohne Nachricht.' },
  },
  'POST /networks/{networkId}/weakness-register/grouping': {
    roles: ['network_coordinator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { weaknessIds: ['w-00000000-0000-4000-8000-000000000000'], group: 'Übergänge' },
  },
  'POST /networks/{networkId}/weakness-register/{weaknessId}/proposal': {
    roles: ['network_coordinator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { target: 'jugendhilfeausschuss', proposal: 'Verbindliche Entlassmeldung.' },
  },
  'POST /networks/{networkId}/weakness-register/{weaknessId}/status': {
    roles: ['network_coordinator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { status: 'to_committee' },
  },
  'GET /networks/{networkId}/annual-goals': { roles: networkStaff, ok: [404], foreignOrganisation: 'hidden' },
  'POST /networks/{networkId}/annual-goals': {
    roles: ['network_coordinator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { year: 2026, title: 'Entlassmanagement regeln', plan: [{ step: 'Gespräch mit den Kliniken' }] },
  },
  'POST /networks/{networkId}/annual-goals/{goalId}/status': {
    roles: ['network_coordinator'],
    ok: [400],
    foreignOrganisation: 'hidden',
    body: { status: 'achieved' },
  },
  'GET /networks/{networkId}/annual-report': {
    roles: networkStaff,
    ok: [404],
    foreignOrganisation: 'hidden',
    query: 'year=2026',
  },
  // The public offer page: no login, offers and institutions only (rate limited per address).
  'GET /public/offers': { public: true },
};

/** One demo user per role (realm hilfenetz), all of the Jugendamt Lindenau or its partners. */
const userOf: Record<Role, string> = {
  caseworker: 'fachkraft',
  on_call: 'bereitschaft',
  provider_staff: 'traeger',
  clinic_staff: 'klinik',
  ambulance_dispatch: 'leitstelle',
  supervisor: 'leitung',
  auditor: 'pruefung',
  administrator: 'admin',
  data_protection_officer: 'datenschutz',
  network_coordinator: 'koordination',
  partner_contact: 'kontakt-hebammen',
};
const ROLE_DENIED = 'your role may not use this endpoint';
const neighbourOffice = 'org-jugendamt-nachbarkreis';

interface Outcome {
  status: number;
  title?: string;
  detail?: string;
  /** The answer's text (an event stream's first chunk), to look for the foreign case in it. */
  text: string;
}

/**
 * Its own API process with a write limit nobody reaches: the matrix makes a few hundred calls,
 * which must not eat into the shared API's per-user write budget of the other e2e files.
 */
describe('authorization matrix: every endpoint × every role, and a foreign organisation', () => {
  let api: AppProcess;
  let apiUrl: string;
  const tokens = {} as Record<Role, string>;
  let routes: string[];

  beforeAll(async () => {
    ({ api, apiUrl } = await startOwnApi({ API_WRITE_RATE_LIMIT: '100000', CASE_READ_RATE_LIMIT: '100000' }));
    for (const role of roles) tokens[role] = await tokenFor(stack.issuer, userOf[role]);
    const doc = (await (await fetch(`${apiUrl}/openapi.json`)).json()) as { paths: Record<string, object> };
    routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  });

  afterAll(async () => {
    if (api) await stopApp(api);
  });

  /** Calls a route; the status, the problem's title and detail, and the answer's text. */
  async function call(
    route: string,
    caseId: string,
    token?: string,
    headers: Record<string, string> = {},
    body: unknown = {},
    query?: string,
  ): Promise<Outcome> {
    const [method, template] = route.split(' ') as [string, string];
    const url =
      template
        .replace('{caseId}', caseId)
        .replace('{crisisId}', `crisis-${caseId}-${randomBytes(10).toString('hex')}`)
        .replace('{taskId}', 'task-clinic')
        .replace('{guardianId}', 'g-0000-matrix')
        .replace('{agreementId}', 'agreement-matrix-none')
        .replace('{version}', '1')
        .replace('{reviewId}', '999999999')
        .replace('{assessmentId}', `risk-assessment-${caseId}-${randomBytes(10).toString('hex')}`)
        .replace('{reportId}', `kkg-report-${caseId}-${randomBytes(10).toString('hex')}`)
        .replace('{itemId}', randomUUID())
        .replace('{weaknessId}', `w-${randomUUID()}`) + (query ? `?${query.replace('{caseId}', caseId)}` : '');
    const abort = new AbortController();
    const res = await fetch(`${apiUrl}${withNetworkIds(url)}`, {
      method,
      signal: abort.signal,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(method === 'GET' ? {} : { 'content-type': 'application/json', 'idempotency-key': `key-${randomUUID()}` }),
        ...headers,
      },
      // An empty object: enough to get past the role check, refused by validation before anything is written.
      body: method === 'GET' ? undefined : JSON.stringify(body).replaceAll('{caseId}', caseId),
    });
    let text: string;
    if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
      // A stream does not end: its first event is enough (it names the organisation it serves).
      const reader = res.body!.getReader();
      text = new TextDecoder().decode((await reader.read()).value);
    } else {
      text = Buffer.from(await res.arrayBuffer()).toString('latin1');
    }
    abort.abort();
    const outcome: Outcome = { status: res.status, text };
    if (res.headers.get('content-type')?.startsWith('application/problem+json')) {
      const problem = JSON.parse(text) as { title?: string; detail?: string };
      Object.assign(outcome, { title: problem.title, detail: problem.detail });
    }
    return outcome;
  }

  it('lists every route the API serves, and no route it does not serve', () => {
    const missing = routes.filter((r) => !(r in matrix));
    const stale = Object.keys(matrix).filter((r) => !routes.includes(r));
    // Named in the failure, so whoever adds an endpoint knows what to do.
    expect({ addToTheMatrix: missing, removeFromTheMatrix: stale }).toEqual({
      addToTheMatrix: [],
      removeFromTheMatrix: [],
    });
  });

  it.each(Object.entries(matrix))(
    '%s: the listed roles get past the role check with a documented status, all others get 403',
    async (route, row) => {
      const caseId = `FALL-MX-${randomUUID().slice(0, 8)}`;
      const anonymous = await call(route, caseId, undefined, {}, {}, 'query' in row ? row.query : undefined);
      if ('public' in row) {
        if (row.validatesBody) expect(anonymous.status).toBe(400);
        else expect(anonymous.status).toBeLessThan(400);
        return;
      }
      expect(anonymous.status).toBe(401);
      const seen: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const role of roles) {
        const o = await call(route, caseId, tokens[role], {}, {}, row.query);
        const roleDenied = o.status === 403 && o.detail === ROLE_DENIED;
        // Not being refused is not enough: a 500 or an unlisted status is a failure of its own.
        seen[role] = roleDenied
          ? 'deny'
          : row.ok.includes(o.status)
            ? 'allow'
            : `allow, but ${o.status} ${o.detail ?? ''}`;
        expected[role] = row.roles.includes(role) ? 'allow' : 'deny';
      }
      expect(seen).toEqual(expected);
    },
  );

  it('a case of another organisation, on every route: refused, hidden, or absent from the answer', async () => {
    // The neighbour's case by its full id, as an attacker would name it (docs/adr/0024).
    const caseId = caseIdOf(neighbourOffice, `FALL-MXNB-${randomUUID().slice(0, 8)}`);
    const ds = await openDataSource(stack.databaseUrl, 1);
    try {
      const vault = new PersonalDataVault(ds, parseMasterKey(process.env.PERSONAL_DATA_MASTER_KEY!));
      const subjectId = `subj-${randomUUID()}`;
      await vault.registerSubject(subjectId, caseId);
      await new PostgresEventStore(ds).append(`case-${caseId}`, [
        {
          eventId: randomUUID(),
          type: 'CaseRegistered',
          schemaVersion: 1,
          data: {
            caseId,
            youngPersonSubjectId: subjectId,
            youngPerson: await vault.seal(subjectId, {
              givenName: 'Ida',
              familyName: 'Moor',
              dateOfBirth: '2010-05-05',
            }),
            leadOrganisationId: neighbourOffice,
            registeredAt: new Date().toISOString(),
          },
          metadata: {
            actorId: 'u-nb-0001',
            actorRole: 'caseworker',
            organisationId: neighbourOffice,
            correlationId: 'c-matrix',
          },
        },
      ]);
    } finally {
      await ds.destroy();
    }
    const ruleFor = (row: Extract<Row, { roles: Role[] }>, role: Role) =>
      row.parties?.roles.includes(role) ? row.parties.foreignOrganisation : row.foreignOrganisation;
    const checked = Object.entries(matrix).flatMap(([route, row]) =>
      'roles' in row ? row.roles.map((role) => ({ route, role, row, rule: ruleFor(row, role) })) : [],
    );
    // Every route with a role, none left out.
    expect(new Set(checked.map((c) => c.route)).size).toBe(Object.values(matrix).filter((r) => 'roles' in r).length);
    const wrong: unknown[] = [];
    for (const { route, role, row, rule } of checked) {
      const o = await call(route, caseId, tokens[role], {}, row.body ?? {}, row.query);
      const status =
        rule === 'deny'
          ? 403
          : rule === 'hidden' || rule === 'workflow' || rule === 'break_glass'
            ? 404
            : rule === 'own_only'
              ? 200
              : rule === 'own_office'
                ? 422
                : row.foreignStatus;
      const got = {
        route,
        role,
        status: o.status,
        offersBreakGlass: o.title === 'Break-glass required',
        // The young person's case reference must not come back from a list or stream of one's own.
        mentionsCase: rule === 'own_only' && o.text.includes(caseId),
      };
      // Nobody outside the agreement is told that break-glass could open the case.
      const want = { route, role, status, offersBreakGlass: false, mentionsCase: false };
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push({ got, want });
    }
    expect(wrong).toEqual([]);
  });
});
