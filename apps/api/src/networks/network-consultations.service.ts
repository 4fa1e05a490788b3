import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  networkConsultationsStreamId,
  type AskConsultationRequest,
  type ConsultationList,
  type ConsultationView,
  type NetworkConsultationAnsweredData,
  type NetworkConsultationCaseExampleMarkedData,
  type NetworkConsultationRequestedData,
  type Principal,
} from '@hilfenetz/contracts';
import {
  consultationKeyOwner,
  foldConsultations,
  mayAnswer,
  mayMarkCaseExample,
  maySeeConsultation,
  refuseAddressee,
  refuseAsking,
  type Consultation,
  type NetworkState,
} from '@hilfenetz/domain';
import type { EventStore, PersonalDataVault } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import { actingRole } from '../auth/acting-role';
import { metadataOf } from '../cases/cases.service';
import { CLOCK, EVENT_STORE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { refuseIdentifyingText } from '../quality-annotations/identifying-text.guard';
import { NetworkStreamService, refuse } from './network-stream.service';

const gone = 'gelöscht';

/**
 * Anonymous case consultations (issue 17 part 5, docs/adr/0039). Every text passes the
 * identifying-data check before anything is sealed or appended, and is sealed under the
 * consultation's own key besides; a consultation lives on `network-consultations-<networkId>`.
 */
@Injectable()
export class NetworkConsultationsService {
  constructor(
    private readonly network: NetworkStreamService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async ask(
    networkId: string,
    req: AskConsultationRequest,
    user: Principal,
    correlationId: string,
  ): Promise<{ consultationId: string }> {
    const { state } = await this.network.load(networkId);
    refuse(refuseAsking(state, user));
    const wrongAddressee = refuseAddressee(state, req.addressedTo);
    if (wrongAddressee) {
      throw new ApplicationError('network.partner_not_found', 'Diese Organisation gehört nicht zum Netzwerk.', [
        { field: 'body.addressedTo.organisationId', reason: wrongAddressee },
      ]);
    }
    refuseIdentifyingText({ 'body.topic': req.topic, 'body.question': req.question });
    const consultationId = `nc-${randomUUID()}`;
    const subjectId = `subj-${randomUUID()}`;
    await this.vault.registerSubject(subjectId, consultationKeyOwner(consultationId));
    const data: NetworkConsultationRequestedData = {
      networkId,
      consultationId,
      subjectId,
      addressedTo: req.addressedTo,
      text: await this.vault.seal(subjectId, { topic: req.topic.trim(), question: req.question.trim() }),
      askedBy: this.actor(user),
      askedAt: this.clock().toISOString(),
    };
    await this.append(networkId, 'NetworkConsultationRequested', data, user, correlationId);
    return { consultationId };
  }

  async list(networkId: string, user: Principal): Promise<ConsultationList> {
    const { state } = await this.network.load(networkId);
    refuse(refuseAsking(state, user));
    const all = foldConsultations(await this.store.readStream(networkConsultationsStreamId(networkId)));
    const visible = all.filter((c) => maySeeConsultation(state, user, c)).reverse();
    const consultations: ConsultationView[] = [];
    for (const c of visible) consultations.push(await this.view(networkId, state, c, user));
    return { consultations };
  }

  async answer(
    networkId: string,
    consultationId: string,
    answer: string,
    user: Principal,
    correlationId: string,
  ): Promise<{ answerId: string }> {
    const { state, consultation } = await this.find(networkId, consultationId, user);
    if (!mayAnswer(state, user, consultation)) {
      throw new ApplicationError('network.not_addressed', 'Diese Anfrage richtet sich an eine andere Stelle.', [
        { field: 'path.consultationId', reason: 'only the specialist asked or the coordinating office answers' },
      ]);
    }
    refuseIdentifyingText({ 'body.answer': answer });
    const data: NetworkConsultationAnsweredData = {
      networkId,
      consultationId,
      answerId: `nca-${randomUUID()}`,
      text: await this.vault.seal(consultation.subjectId, { answer: answer.trim() }),
      answeredBy: this.actor(user),
      answeredAt: this.clock().toISOString(),
    };
    await this.append(networkId, 'NetworkConsultationAnswered', data, user, correlationId);
    return { answerId: data.answerId };
  }

  async markCaseExample(
    networkId: string,
    consultationId: string,
    caseExample: boolean,
    user: Principal,
    correlationId: string,
  ): Promise<void> {
    const { state } = await this.find(networkId, consultationId, user);
    if (!mayMarkCaseExample(state, user)) {
      refuse({ code: 'network.not_coordinator', reason: 'only the coordinating office picks case examples' });
    }
    const data: NetworkConsultationCaseExampleMarkedData = {
      networkId,
      consultationId,
      caseExample,
      markedBy: this.actor(user),
      markedAt: this.clock().toISOString(),
    };
    await this.append(networkId, 'NetworkConsultationCaseExampleMarked', data, user, correlationId);
  }

  /** A consultation the caller may see; any other answers like none (its id tells nothing). */
  private async find(networkId: string, consultationId: string, user: Principal) {
    const { state } = await this.network.load(networkId);
    refuse(refuseAsking(state, user));
    const consultation = foldConsultations(await this.store.readStream(networkConsultationsStreamId(networkId))).find(
      (c) => c.consultationId === consultationId,
    );
    if (!consultation || !maySeeConsultation(state, user, consultation)) {
      throw new ApplicationError('network.consultation_not_found', `No consultation ${consultationId}.`, [
        { field: 'path.consultationId', reason: 'unknown consultation' },
      ]);
    }
    return { state, consultation };
  }

  private async view(
    networkId: string,
    state: NetworkState,
    c: Consultation,
    user: Principal,
  ): Promise<ConsultationView> {
    const text = await this.vault.open<{ topic: string; question: string }>(c.text);
    const answers: ConsultationView['answers'] = [];
    for (const a of c.answers) {
      const opened = await this.vault.open<{ answer: string }>(a.text);
      answers.push({
        answerId: a.answerId,
        answer: opened.status === 'available' ? opened.value.answer : gone,
        answeredBy: { role: a.answeredBy.role, organisationId: a.answeredBy.organisationId },
        answeredAt: a.answeredAt,
      });
    }
    return {
      consultationId: c.consultationId,
      networkId,
      addressedTo: c.addressedTo,
      topic: text.status === 'available' ? text.value.topic : gone,
      question: text.status === 'available' ? text.value.question : gone,
      askedBy: { role: c.askedBy.role, organisationId: c.askedBy.organisationId },
      askedAt: c.askedAt,
      answers,
      caseExample: c.caseExample,
      callerMay: { answer: mayAnswer(state, user, c), markCaseExample: mayMarkCaseExample(state, user) },
    };
  }

  private actor(user: Principal) {
    return { id: user.id, role: actingRole(user.roles), organisationId: user.organisationId };
  }

  private async append(networkId: string, type: string, data: unknown, user: Principal, correlationId: string) {
    await this.store.append(networkConsultationsStreamId(networkId), [
      { eventId: randomUUID(), type, schemaVersion: 1, data, metadata: metadataOf(user, correlationId) },
    ]);
  }
}
