import type {
  ConsultationAddressee,
  NetworkConsultationAnsweredData,
  NetworkConsultationRequestedData,
  Principal,
  SealedValue,
} from '@hilfenetz/contracts';
import { isCoordinator, isMember, partnerOf, type NetworkRefusal } from './network.rules';
import type { NetworkState } from './network.state';

/**
 * Anonymous case consultations of a network (issue 17 part 5, docs/adr/0039): who may ask, answer,
 * read and mark one as a case example. A consultation is seen by those it concerns — the asking
 * organisation, the specialist asked, the coordinating office — and, addressed to the whole
 * network or marked as a case example for a meeting, by every member.
 */

/** The owner a consultation's key is registered under (data_subject_keys.case_id): never a case. */
export function consultationKeyOwner(consultationId: string): string {
  return `consultation-${consultationId}`;
}

export interface Consultation {
  consultationId: string;
  subjectId: string;
  addressedTo: ConsultationAddressee;
  text: SealedValue;
  askedBy: NetworkConsultationRequestedData['askedBy'];
  askedAt: string;
  answers: {
    answerId: string;
    text: SealedValue;
    answeredBy: NetworkConsultationAnsweredData['answeredBy'];
    answeredAt: string;
  }[];
  caseExample: boolean;
}

/** Folds the stream `network-consultations-<networkId>` into its consultations, oldest first. */
export function foldConsultations(events: readonly { type: string; data: unknown }[]): Consultation[] {
  const byId = new Map<string, Consultation>();
  for (const e of events) {
    if (e.type === 'NetworkConsultationRequested') {
      const d = e.data as NetworkConsultationRequestedData;
      byId.set(d.consultationId, {
        consultationId: d.consultationId,
        subjectId: d.subjectId,
        addressedTo: d.addressedTo,
        text: d.text,
        askedBy: d.askedBy,
        askedAt: d.askedAt,
        answers: [],
        caseExample: false,
      });
    } else if (e.type === 'NetworkConsultationAnswered') {
      const d = e.data as NetworkConsultationAnsweredData;
      const c = byId.get(d.consultationId);
      if (c) c.answers.push({ answerId: d.answerId, text: d.text, answeredBy: d.answeredBy, answeredAt: d.answeredAt });
    } else if (e.type === 'NetworkConsultationCaseExampleMarked') {
      const d = e.data as { consultationId: string; caseExample: boolean };
      const c = byId.get(d.consultationId);
      if (c) c.caseExample = d.caseExample;
    }
  }
  return [...byId.values()];
}

/** A specialist asked must be a current partner or a coordinating organisation of the network. */
export function refuseAddressee(state: NetworkState, addressedTo: ConsultationAddressee): string | null {
  if (addressedTo.kind === 'network') return null;
  const known =
    partnerOf(state, addressedTo.organisationId) !== null ||
    state.coordinatingOrganisationIds.includes(addressedTo.organisationId);
  return known ? null : 'this organisation is neither partner nor coordinating office of the network';
}

/** Every member may ask (the staff of a partner or of the coordinating office). */
export function refuseAsking(state: NetworkState, user: Principal): NetworkRefusal | null {
  return isMember(state, user)
    ? null
    : { code: 'network.not_member', reason: 'your organisation is neither coordinator nor partner of this network' };
}

/** The asking organisation, the one asked and the coordinating office; every member for network-wide questions and case examples. */
export function maySeeConsultation(state: NetworkState, user: Principal, c: Consultation): boolean {
  if (!isMember(state, user)) return false;
  if (c.addressedTo.kind === 'network' || c.caseExample || isCoordinator(state, user)) return true;
  return c.askedBy.organisationId === user.organisationId || c.addressedTo.organisationId === user.organisationId;
}

/** A network-wide question is answered by any member but the asker's own; a specialist's by the specialist or the coordinating office. */
export function mayAnswer(state: NetworkState, user: Principal, c: Consultation): boolean {
  if (!isMember(state, user)) return false;
  if (isCoordinator(state, user)) return true;
  if (c.addressedTo.kind === 'network') return c.askedBy.organisationId !== user.organisationId;
  return c.addressedTo.organisationId === user.organisationId;
}

/** Only the coordinating office picks case examples for the network's meetings. */
export function mayMarkCaseExample(state: NetworkState, user: Principal): boolean {
  return isCoordinator(state, user);
}
