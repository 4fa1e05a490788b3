import type { CooperationAgreement, CrisisView } from '@hilfenetz/contracts';
import { lindenauAgreementV1 } from '@hilfenetz/domain';
import { topicName, TOPICS } from '@hilfenetz/event-bus';
import { collectFromTopic, eventually, lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { ENCRYPTED_ENCODING, PayloadEncryptionCodec } from '@hilfenetz/transport-encryption';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { proposeSignedByAll } from './attacks/agreement-signing';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

interface Problem {
  status: number;
  errors?: { field: string; reason: string }[];
}

const NEIGHBOUR_OFFICE = 'org-jugendamt-nachbarkreis';

/**
 * The neighbouring district joins by a published agreement: Lindenau's, with the youth office
 * replaced by the neighbour's, every other organisation under its own ids, and the clinic's
 * deadline changed so the crisis visibly runs under this version and not the built-in one.
 */
function neighbourAgreement(tag: string, clinicAckMinutes: number): CooperationAgreement {
  const json = JSON.stringify(lindenauAgreementV1)
    .replace(/"org-/g, `"org-${tag}-`)
    .replace(new RegExp(`"org-${tag}-jugendamt-lindenau"`, 'g'), `"${NEIGHBOUR_OFFICE}"`);
  const copy = JSON.parse(json) as CooperationAgreement;
  return {
    ...copy,
    agreementId: `e2e-nachbar-${tag}`,
    version: `2026-${tag}`,
    region: 'Nachbarkreis (e2e)',
    validFrom: new Date(Date.now() - 60_000).toISOString(),
    parties: {
      ...copy.parties,
      clinic: { ...copy.parties.clinic, route: { ...copy.parties.clinic.route, ackDeadlineMinutes: clinicAckMinutes } },
    },
  };
}

type RawPayload = { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null };

/** Every payload in a workflow's history, as Temporal stores it. */
function payloadsIn(node: unknown): RawPayload[] {
  if (Array.isArray(node)) return node.flatMap(payloadsIn);
  if (!node || typeof node !== 'object' || node instanceof Uint8Array) return [];
  const p = node as RawPayload;
  if (p.data instanceof Uint8Array && p.metadata && typeof p.metadata === 'object') return [p];
  return Object.values(node).flatMap(payloadsIn);
}
const textOf = (payloads: RawPayload[]) => payloads.map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');

describe('crisis trigger: where and what (sealed), under the agreement version in force', () => {
  let ds: DataSource;
  let admin: string;
  let neighbour: string;
  let caseworker: string;
  let provider: string;
  const tag = randomUUID().slice(0, 8);

  const call = async (method: string, path: string, token: string, body?: unknown, key?: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    if (key) headers['idempotency-key'] = key;
    return fetch(`${stack.apiUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  const register = async (token: string, careProviderOrganisationId?: string) => {
    const caseId = `e2e-situation-${randomUUID().slice(0, 8)}`;
    const res = await call('POST', '/cases', token, {
      caseId,
      youngPerson: { givenName: 'Mila', familyName: 'Sommer', dateOfBirth: '2011-03-04' },
      ...(careProviderOrganisationId ? { careProviderOrganisationId } : {}),
    });
    expect(res.status).toBe(201);
    // The stored id (`<office>.<reference>`): what the event store keys by and partners use.
    return ((await res.json()) as { caseId: string }).caseId;
  };
  const eventsOf = async (caseId: string) =>
    (await ds.query(`SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
      `case-${caseId}`,
    ])) as { type: string; data: Record<string, unknown> }[];

  beforeAll(async () => {
    ds = await openDataSource(stack.databaseUrl, 1);
    admin = await tokenFor(stack.issuer, 'admin');
    neighbour = await tokenFor(stack.issuer, 'fachkraft-nachbar');
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
    provider = await tokenFor(stack.issuer, 'traeger');
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('runs a new crisis under a version an administrator published, not only the built-in ones', async () => {
    const agreement = neighbourAgreement(tag, 7);
    const caseId = await register(neighbour);
    const { agreementId } = agreement;
    // Every partner signs (docs/adr/0015): a published version alone governs nothing.
    expect((await proposeSignedByAll(stack.apiUrl, agreement)).status).toBe('in_force');

    const res = await call(
      'POST',
      `/cases/${caseId}/crises`,
      neighbour,
      { dangerKind: 'self', urgency: 'immediate' },
      `key-${randomUUID()}`,
    );
    expect(res.status).toBe(201);
    const { crisisId } = (await res.json()) as { crisisId: string };
    const crisis = await eventually(
      async () => {
        const r = await call('GET', `/cases/${caseId}/crises/${crisisId}`, neighbour);
        const view = (await r.json()) as CrisisView;
        return view.tasks.some((t) => t.party === 'clinic') ? view : undefined;
      },
      { what: 'the clinic task of the crisis' },
    );
    expect(crisis.agreement).toEqual({ agreementId, version: agreement.version });
    const clinicTask = crisis.tasks.find((t) => t.party === 'clinic')!;
    expect(clinicTask.organisationId).toBe(`org-${tag}-kjp-st-marien`);
    // The clock starts when the clinic is notified, a moment after the trigger: 7 minutes, not 15.
    const clock = Date.parse(clinicTask.deadline!) - Date.parse(crisis.triggeredAt!);
    expect(clock).toBeGreaterThanOrEqual(7 * 60_000);
    expect(clock).toBeLessThan(8 * 60_000);
    // Lindenau's own crises still run under the built-in version.
    const lindenauCase = await register(caseworker);
    const own = await call(
      'POST',
      `/cases/${lindenauCase}/crises`,
      caseworker,
      { dangerKind: 'others', urgency: 'urgent' },
      `key-${randomUUID()}`,
    );
    expect(own.status).toBe(201);
    const ownCrisis = (await own.json()) as { crisisId: string };
    const ownView = await eventually(async () => {
      const r = await call('GET', `/cases/${lindenauCase}/crises/${ownCrisis.crisisId}`, caseworker);
      const v = r.status === 200 ? ((await r.json()) as CrisisView) : undefined;
      // Until its trigger is recorded the crisis shows as triggering, nothing decided yet.
      return v?.status === 'triggering' ? undefined : v;
    });
    expect(ownView.agreement).toEqual({
      agreementId: lindenauAgreementV1.agreementId,
      version: lindenauAgreementV1.version,
    });
  });

  it('carries location and note sealed through Temporal and the log, and shows them to the case', async () => {
    const caseId = await register(caseworker);
    const location = `Bahnhofsvorplatz Lindenau, Bank am Kiosk ${tag}`;
    const note = `Droht zu springen, spricht nur mit der Bezugsbetreuerin ${tag}`;
    // The callback number and the caller's name travel sealed with location and note (issue 11).
    const callbackPhone = '+4915112345678';
    const res = await call(
      'POST',
      `/cases/${caseId}/crises`,
      caseworker,
      { dangerKind: 'self', urgency: 'immediate', location: `  ${location} `, note, callbackPhone },
      `key-${randomUUID()}`,
    );
    expect(res.status).toBe(201);
    const { crisisId } = (await res.json()) as { crisisId: string };

    const view = await eventually(async () => {
      const r = await call('GET', `/cases/${caseId}/crises/${crisisId}`, caseworker);
      const v = r.status === 200 ? ((await r.json()) as CrisisView) : undefined;
      return v?.status === 'triggering' ? undefined : v;
    });
    expect(view.situation).toEqual({ status: 'available', location, note });

    const triggered = await eventually(async () => (await eventsOf(caseId)).find((e) => e.type === 'CrisisTriggered'));
    expect(triggered.data.situation).toMatchObject({ $sealed: 'A256GCM' });
    expect(JSON.stringify(triggered.data)).not.toContain(tag);
    expect(JSON.stringify(triggered.data)).not.toContain(callbackPhone);
    expect(JSON.stringify(triggered.data)).not.toContain('Aydın');

    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
    try {
      const codec = new PayloadEncryptionCodec(process.env.PERSONAL_DATA_MASTER_KEY!);
      const client = new Client({
        connection,
        namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
        dataConverter: { payloadCodecs: [codec] },
      });
      const history = await client.workflow.getHandle(crisisId).fetchHistory();
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
      // As Temporal stores it: encrypted as a whole, nothing readable.
      expect(started.map((p) => Buffer.from(p.metadata?.encoding ?? []).toString())).toEqual([ENCRYPTED_ENCODING]);
      expect(textOf(payloadsIn(history))).not.toContain(tag);
      expect(textOf(payloadsIn(history))).not.toContain(crisisId);
      // Opened with the key, the input is the crisis, and the situation in it is still sealed.
      const opened = textOf(await codec.decode(payloadsIn(history)));
      expect(opened).toContain(crisisId);
      expect(opened).toContain('A256GCM');
      expect(opened).not.toContain(tag);
      const described = await client.workflow.getHandle(crisisId).describe();
      expect(described.memo).toMatchObject({ triggeredByOrganisationId: 'org-jugendamt-lindenau' });
      expect(JSON.stringify(described.memo)).not.toContain(tag);
    } finally {
      await connection.close();
    }

    // On the broker every value travels encrypted as a whole and opens only with the apps' key
    // (issue 13, finding 5); inside, the trigger's situation is still sealed under the young person's.
    const cancelReason = `Fehlalarm, Mila ist bei ihrer Tante ${tag}`;
    const cancelled = await call('POST', `/cases/${caseId}/crises/${crisisId}/cancel`, caseworker, {
      reason: cancelReason,
    });
    expect(cancelled.status).toBe(202);
    const topic = topicName(stack.topicPrefix, TOPICS.caseEvents);
    const isOurs = (m: { key: string; headers: Record<string, string> }) => m.key === `case-${caseId}`;
    const hasCancel = (ms: { key: string; headers: Record<string, string> }[]) =>
      ms.some((m) => isOurs(m) && m.headers['event-type'] === 'CrisisCancelled');
    const raw = (await collectFromTopic(stack.kafkaBrokers, topic, hasCancel, 30_000, { raw: true })).filter(isOurs);
    const rawOf = (type: string) => raw.find((m) => m.headers['event-type'] === type)!.value;
    expect(rawOf('CrisisTriggered')).toMatch(/^hnenc1:/);
    expect(rawOf('CrisisCancelled')).toMatch(/^hnenc1:/);
    expect(raw.map((m) => m.value).join('\n')).not.toContain(tag);
    const opened = (await collectFromTopic(stack.kafkaBrokers, topic, hasCancel)).filter(isOurs);
    const triggerOnBus = opened.find((m) => m.headers['event-type'] === 'CrisisTriggered')!;
    expect(JSON.parse(triggerOnBus.value)).toMatchObject({ data: { situation: { $sealed: 'A256GCM' } } });
    const cancelOnBus = opened.find((m) => m.headers['event-type'] === 'CrisisCancelled')!;
    // The cancel reason is free text: sealed under the young person's key too (docs/adr/0018).
    expect(JSON.parse(cancelOnBus.value)).toMatchObject({ data: { crisisId, reason: { $sealed: 'A256GCM' } } });
    expect(cancelOnBus.value).not.toContain(tag);

    // Erasing the young person erases the crisis's location and note with them.
    const erased = await call('POST', `/cases/${caseId}/erasure`, admin, { reason: 'Löschantrag nach Art. 17 DSGVO' });
    expect(erased.status).toBeLessThan(300);
    const after = (await (await call('GET', `/cases/${caseId}/crises/${crisisId}`, caseworker)).json()) as CrisisView;
    expect(after.situation).toMatchObject({ status: 'erased' });
  });

  it('refuses location and note for an unregistered case, and bad values, naming the field; nothing starts', async () => {
    const bare = `e2e-bare-${randomUUID().slice(0, 8)}`;
    const unregistered = await call(
      'POST',
      `/cases/${bare}/crises`,
      caseworker,
      { dangerKind: 'self', urgency: 'immediate', location: 'Marktplatz' },
      `key-${randomUUID()}`,
    );
    expect(unregistered.status).toBe(422);
    expect(((await unregistered.json()) as Problem).errors?.map((e) => e.field)).toEqual(['body.location']);
    expect(await eventsOf(bare)).toEqual([]);
    const unregisteredCallback = await call(
      'POST',
      `/cases/${bare}/crises`,
      caseworker,
      { dangerKind: 'self', urgency: 'immediate', callbackPhone: '+4915112345678' },
      `key-${randomUUID()}`,
    );
    expect(unregisteredCallback.status).toBe(422);
    expect(((await unregisteredCallback.json()) as Problem).errors?.map((e) => e.field)).toEqual([
      'body.callbackPhone',
    ]);
    expect(await eventsOf(bare)).toEqual([]);

    const caseId = await register(caseworker);
    for (const [body, field] of [
      [{ dangerKind: 'self', urgency: 'immediate', location: ' x ' }, 'body.location'],
      [{ dangerKind: 'self', urgency: 'immediate', note: 'n'.repeat(501) }, 'body.note'],
      [{ dangerKind: 'self', urgency: 'immediate', location: 42 }, 'body.location'],
      [{ dangerKind: 'self', urgency: 'immediate', callbackPhone: '0151 123' }, 'body.callbackPhone'],
    ] as const) {
      const res = await call('POST', `/cases/${caseId}/crises`, caseworker, body, `key-${randomUUID()}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toContain(field);
    }
    expect((await eventsOf(caseId)).map((e) => e.type)).toEqual(['CaseRegistered']);
  });

  it("another district's youth office cannot trigger on a Lindenau case: the 404 of an unknown case, nothing started", async () => {
    const caseId = await register(caseworker);
    const foreign = await call(
      'POST',
      `/cases/${caseId}/crises`,
      neighbour,
      { dangerKind: 'self', urgency: 'immediate' },
      `key-${randomUUID()}`,
    );
    // A 403 would confirm that Lindenau has such a case (issue 13, finding 8).
    expect(foreign.status).toBe(404);
    expect((await eventsOf(caseId)).map((e) => e.type)).toEqual(['CaseRegistered']);
  });

  it('a Träger triggers for the cases it cares for, and only those', async () => {
    const cared = await register(caseworker, 'org-traeger-birkenhof');
    const view = await call('GET', `/cases/${cared}`, caseworker);
    expect(((await view.json()) as { careProviderOrganisationId: string }).careProviderOrganisationId).toBe(
      'org-traeger-birkenhof',
    );
    const own = await call(
      'POST',
      `/cases/${cared}/crises`,
      provider,
      { dangerKind: 'others', urgency: 'urgent', location: 'Wohngruppe Birkenhof, Gruppenraum' },
      `key-${randomUUID()}`,
    );
    expect(own.status).toBe(201);

    const notCared = await register(caseworker);
    const refused = await call(
      'POST',
      `/cases/${notCared}/crises`,
      provider,
      { dangerKind: 'others', urgency: 'urgent' },
      `key-${randomUUID()}`,
    );
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/care provider/);
    expect((await eventsOf(notCared)).map((e) => e.type)).toEqual(['CaseRegistered']);
    // A reference nobody registered cannot be claimed by a Träger either (neither as Lindenau's id
    // nor as a bare reference, which would be the Träger's own office's).
    const bare = lindenauCaseId(`e2e-bare-${randomUUID().slice(0, 8)}`);
    const unregistered = await call(
      'POST',
      `/cases/${bare}/crises`,
      provider,
      { dangerKind: 'self', urgency: 'immediate' },
      `key-${randomUUID()}`,
    );
    expect(unregistered.status).toBe(403);
    expect(await eventsOf(bare)).toEqual([]);
  });

  it('refuses a care provider that is not a Träger of the agreement, naming the field; nothing written', async () => {
    for (const org of ['org-kjp-st-marien', 'org-traeger-gibt-es-nicht']) {
      const caseId = lindenauCaseId(`e2e-provider-${randomUUID().slice(0, 8)}`);
      const res = await call('POST', '/cases', caseworker, {
        caseId,
        youngPerson: { givenName: 'Ole', familyName: 'Brandt', dateOfBirth: '2012-07-01' },
        careProviderOrganisationId: org,
      });
      expect(res.status).toBe(422);
      expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toEqual(['body.careProviderOrganisationId']);
      expect(await eventsOf(caseId)).toEqual([]);
    }
  });
});
