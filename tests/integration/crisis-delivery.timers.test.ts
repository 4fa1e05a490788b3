import type { StoredEvent } from '@hilfenetz/contracts';
import { caseStreamId, lindenauAgreementV1 } from '@hilfenetz/domain';
import { parseMasterKey, PersonalDataVault } from '@hilfenetz/event-store';
import { openDataSource, terminateWhenQuiet, testEnv } from '@hilfenetz/testing';
import { acknowledgeTask, crisisStatus, deliveryReceipt } from '@hilfenetz/workflow-crisis/messages';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  actors,
  allNotified,
  inboxReceives,
  sharedCrisisParts,
  startCrisis,
  startCrisisRig,
  type CrisisRig,
  type SharedCrisisParts,
} from './crisis-workflow.rig';

/**
 * Reaching people as durable steps (issue 11, docs/adr/0010), on Temporal's time-skipping test
 * server with the real activities, the real event store and the real dev SMS gateway: what counts
 * as delivered, what happens when nothing confirms, and what an acknowledgement stops. The
 * agreement's real delivery windows apply (60 s per channel in an immediate crisis).
 */
describe('crisis delivery (time-skipping test server, real event store, real SMS gateway)', () => {
  let rig: CrisisRig;
  let shared: SharedCrisisParts;
  let ds: DataSource;
  beforeAll(async () => {
    shared = await sharedCrisisParts();
    ds = await openDataSource(testEnv().databaseUrl, 2);
  });
  // A test server of its own per test: one test's run ending mid-step cannot leave the server's
  // time lock held for the next (temporalio/sdk-java#1138; see terminateWhenQuiet).
  beforeEach(async () => {
    rig = await startCrisisRig({ shared });
  });
  afterEach(() => rig?.stop());
  afterAll(async () => {
    await shared?.stop();
    await ds?.destroy();
  });

  const start = (overrides = {}) => startCrisis(rig, { agreementVersion: lindenauAgreementV1, ...overrides });
  const deliveryOf = async (caseId: string, taskId: string) =>
    (await rig.store.readStream(caseStreamId(caseId)))
      .filter((e) => (e.data as { taskId?: string }).taskId === taskId)
      .map((e) => describeEvent(e));
  const now = async () => new Date(await rig.env.currentTimeMs()).toISOString();

  it('nobody has an inbox open: in-app window passes, the SMS goes out without a receipt, the next contact gets the task before the deadline', async () => {
    const { handle, input } = await start();
    await allNotified(handle);
    await rig.env.sleep('3 minutes');

    const clinic = await deliveryOf(input.caseId, 'task-clinic');
    expect(clinic.slice(0, 7)).toEqual([
      'PartyNotified ct-kjp-marien-aufnahme',
      'NotificationAttempted in_app',
      'NotificationNotDelivered in_app window_passed',
      'NotificationAttempted phone',
      'NotificationNotDelivered phone window_passed',
      'ContactNotReached ct-kjp-marien-aufnahme',
      'TaskEscalated not_reached → ct-kjp-marien-dienstarzt',
    ]);
    // The text really left: the gateway holds it, under our reference, to the E.164 number.
    const sms = await rig.gateway.client.waitForMessage({ to: '+49999966300' });
    expect(sms.reference).toMatch(new RegExp(`^${input.crisisId}/task-clinic/ct-kjp-marien-aufnahme/g0/1$`));
    expect(sms.text).toContain(input.caseId);
    expect(sms.text).toContain('Selbstgefährdung');
    expect(sms.text).toContain('/aufgaben/');

    // Escalated well before the clinic's 15 minutes: unreached is not a reason to wait.
    const events = await rig.store.readStream(caseStreamId(input.caseId));
    // What the window's end decided went as one append (patch `reach-writes-together`): the SMS
    // not delivered, the contact not reached, the task handed on.
    const lastWindow = events.findIndex(
      (e) => e.type === 'NotificationNotDelivered' && taskOf(e) === 'task-clinic' && channelOf(e) === 'phone',
    );
    const together = events.slice(lastWindow, lastWindow + 3);
    expect(together.map((e) => describeEvent(e))).toEqual([
      'NotificationNotDelivered phone window_passed',
      'ContactNotReached ct-kjp-marien-aufnahme',
      'TaskEscalated not_reached → ct-kjp-marien-dienstarzt',
    ]);
    expect(new Set(together.map((e) => e.transactionId)).size).toBe(1);
    const notified = events.find((e) => e.type === 'PartyNotified' && taskOf(e) === 'task-clinic')!;
    const escalated = events.find((e) => e.type === 'TaskEscalated' && taskOf(e) === 'task-clinic')!;
    expect(Date.parse((escalated.data as { escalatedAt: string }).escalatedAt)).toBeLessThan(
      Date.parse((notified.data as { deadline: string }).deadline),
    );
    await terminateWhenQuiet(handle);
  });

  it('an open inbox confirms receipt: delivered in-app, no SMS for that contact', async () => {
    const { handle, input } = await start();
    await allNotified(handle);
    await inboxReceives(rig, handle, input, 'task-provider', actors.provider);
    await rig.env.sleep('5 minutes');

    const provider = await deliveryOf(input.caseId, 'task-provider');
    expect(provider.slice(0, 3)).toEqual([
      'PartyNotified ct-tr-birkenhof-gruppe',
      'NotificationAttempted in_app',
      'NotificationDelivered in_app by u-tr-0001',
    ]);
    expect(provider.some((d) => d.startsWith('NotificationAttempted phone'))).toBe(false);
    // The receipt went to the log, not to the workflow (docs/adr/0046); the workflow found it there
    // when the window ended, and its live state says so.
    const events = await rig.store.readStream(caseStreamId(input.caseId));
    const attempt = events.find((e) => e.type === 'NotificationAttempted' && taskOf(e) === 'task-provider')!;
    expect(attempt.data).toMatchObject({ channel: 'in_app', receiptInLog: true });
    const delivered = events.find((e) => e.type === 'NotificationDelivered' && taskOf(e) === 'task-provider')!;
    expect(delivered.metadata).toMatchObject({ actorId: 'u-tr-0001', workflowId: input.crisisId });
    const live = (await handle.query(crisisStatus)).tasks.find((t) => t.taskId === 'task-provider')!;
    expect(live.delivery).toMatchObject({ state: 'delivered', channel: 'in_app' });
    const smsToGroup = (await rig.gateway.client.messages({ to: '+49999955201' })).filter((m) =>
      m.reference.startsWith(input.crisisId),
    );
    expect(smsToGroup).toEqual([]);
    await terminateWhenQuiet(handle);
  });

  it('a receipt from another organisation does not count as delivered', async () => {
    const { handle, input } = await start();
    await allNotified(handle);
    // The API refuses it (404, e2e); a crisis started before docs/adr/0046 is still sent receipts.
    await inboxReceives(rig, handle, input, 'task-clinic', actors.otherClinic, 'signal');
    await rig.env.sleep('90 seconds');
    const clinic = await deliveryOf(input.caseId, 'task-clinic');
    expect(clinic).toContain('NotificationNotDelivered in_app window_passed');
    expect(clinic.some((d) => d.startsWith('NotificationDelivered'))).toBe(false);
    await terminateWhenQuiet(handle);
  });

  it('the gateway reports the SMS delivered: the phone attempt counts, nothing further is tried', async () => {
    const { handle, input } = await start();
    await allNotified(handle);
    await rig.env.sleep('65 seconds');
    const sms = await rig.gateway.client.waitForMessage({ to: '+49999966300' }, (m) =>
      m.reference.startsWith(input.crisisId),
    );
    // What the API does with the gateway's signed receipt (the e2e test covers the signature).
    await handle.signal(deliveryReceipt, {
      kind: 'gateway',
      attemptId: sms.reference,
      status: 'delivered',
      at: await now(),
    });
    await rig.env.sleep('5 minutes');
    const clinic = await deliveryOf(input.caseId, 'task-clinic');
    expect(clinic.slice(0, 5)).toEqual([
      'PartyNotified ct-kjp-marien-aufnahme',
      'NotificationAttempted in_app',
      'NotificationNotDelivered in_app window_passed',
      'NotificationAttempted phone',
      'NotificationDelivered phone by system:sms-gateway',
    ]);
    expect(clinic.some((d) => d.startsWith('ContactNotReached'))).toBe(false);
    await terminateWhenQuiet(handle);
  });

  it('an acknowledgement stops every pending attempt for the task', async () => {
    const { handle, input } = await start();
    await allNotified(handle);
    await handle.executeUpdate(acknowledgeTask, {
      args: [{ taskId: 'task-ambulance', by: actors.dispatch, at: await now() }],
    });
    await rig.env.sleep('10 minutes');
    const ambulance = await deliveryOf(input.caseId, 'task-ambulance');
    // Whether the in-app attempt was written before the answer came is a race; what follows is not.
    expect(ambulance.filter((d) => d !== 'NotificationAttempted in_app')).toEqual([
      'PartyNotified ct-ls-disposition',
      'TaskAcknowledged',
    ]);
    expect(
      (await rig.gateway.client.messages({ to: '+49999911200' })).filter((m) => m.reference.startsWith(input.crisisId)),
    ).toEqual([]);
    await terminateWhenQuiet(handle);
  });

  it('the guardian gets a plain text with a one-time code on the number in the case file, nothing about the young person', async () => {
    const caseId = `FALL-IT-${randomUUID().slice(0, 8)}`;
    await recordGuardian(caseId, '+4915112345678');
    const { handle, input } = await start({ caseId, crisisId: `crisis-${caseId}-${'0'.repeat(20)}` });
    await allNotified(handle);
    const sms = await rig.gateway.client.waitForMessage({ to: '+4915112345678' });
    expect(sms.reference).toBe(`${input.crisisId}/task-guardian/ct-sorge-kontakt-1/g0/0`);
    expect(sms.text).toMatch(/Code \d{6}/);
    expect(sms.text).toContain('/bestaetigen');
    expect(sms.text).not.toContain('Mira');
    expect(sms.text).not.toContain(caseId);
    await terminateWhenQuiet(handle);
  });

  /** A registered case with one guardian, sealed as the API seals it. */
  async function recordGuardian(caseId: string, phone: string): Promise<void> {
    const vault = new PersonalDataVault(ds, parseMasterKey(process.env.PERSONAL_DATA_MASTER_KEY!));
    const subjectId = `subj-${randomUUID()}`;
    await vault.registerSubject(subjectId, caseId);
    const at = new Date().toISOString();
    const meta = { actorId: 'u-ja-0001', actorRole: 'caseworker', correlationId: randomUUID() };
    await rig.store.append(
      caseStreamId(caseId),
      [
        {
          eventId: randomUUID(),
          type: 'CaseRegistered',
          schemaVersion: 1,
          data: {
            caseId,
            youngPersonSubjectId: subjectId,
            youngPerson: await vault.seal(subjectId, {
              givenName: 'Mira',
              familyName: 'Beispiel',
              dateOfBirth: '2011-04-02',
            }),
            leadOrganisationId: 'org-jugendamt-lindenau',
            registeredAt: at,
          },
          metadata: meta,
        },
        {
          eventId: randomUUID(),
          type: 'GuardianRecorded',
          schemaVersion: 1,
          data: {
            caseId,
            guardianId: `g-${randomUUID()}`,
            rank: 1,
            details: await vault.seal(subjectId, {
              name: 'Sabine Beispiel',
              relation: 'mother',
              phone,
              language: 'de',
              preferredChannel: 'phone',
            }),
            recordedAt: at,
          },
          metadata: meta,
        },
      ],
      'no_stream',
    );
  }
});

const taskOf = (e: StoredEvent) => (e.data as { taskId?: string }).taskId;
const channelOf = (e: StoredEvent) => (e.data as { channel?: string }).channel;

/** One line per event, the facts a reader of the timeline checks. */
function describeEvent(e: StoredEvent): string {
  const d = e.data as Record<string, unknown>;
  switch (e.type) {
    case 'PartyNotified':
      return `PartyNotified ${String(d.contactId)}`;
    case 'NotificationAttempted':
      return `NotificationAttempted ${String(d.channel)}`;
    case 'NotificationNotDelivered':
      return `NotificationNotDelivered ${String(d.channel)} ${String(d.cause)}`;
    case 'NotificationDelivered':
      return `NotificationDelivered ${String(d.channel)} by ${String((d.confirmedBy as { id: string }).id)}`;
    case 'ContactNotReached':
      return `ContactNotReached ${String(d.contactId)}`;
    case 'TaskEscalated':
      return `TaskEscalated ${String(d.cause)} → ${String(d.toContactId)}`;
    default:
      return e.type;
  }
}
