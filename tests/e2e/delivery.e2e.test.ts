import { createHmac } from 'node:crypto';
import type { CooperationAgreement, TaskInboxResponse } from '@hilfenetz/contracts';
import { lindenauAgreementV1 } from '@hilfenetz/domain';
import { caseIdOf, eventually, openDataSource, SmsGatewayClient, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { proposeSignedByAll } from './attacks/agreement-signing';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const NEIGHBOUR_OFFICE = 'org-jugendamt-nachbarkreis';

/** Numbers of the dev gateway's simulated phones (apps/sms-gateway/README.md). */
const PHONES = {
  /** Takes texts and calls; the gateway reports them delivered. */
  providerDesk: '+49 9999 5520-1',
  /** Switched off: the gateway takes the text but no receipt ever comes. */
  clinicDeskOff: '+49 9999 6630-0099',
  youthOfficeDesk: '+49 9999 7710-1',
  guardian: '+4915198765432',
};
const e164 = (n: string) => n.replace(/[\s-]/g, '');

/**
 * Lindenau's agreement for the neighbouring district (its youth office leads, the other partners
 * under their own ids so no other test meets them), with delivery windows of three seconds so the
 * fallbacks happen while the test watches, and the numbers of the gateway's simulated phones.
 */
function fastAgreement(tag: string): CooperationAgreement {
  const json = JSON.stringify(lindenauAgreementV1)
    .replace(/"org-/g, `"org-${tag}-`)
    .replace(new RegExp(`"org-${tag}-jugendamt-lindenau"`, 'g'), `"${NEIGHBOUR_OFFICE}"`);
  const copy = JSON.parse(json) as CooperationAgreement;
  const phoneOf: Record<string, string> = {
    'ct-tr-birkenhof-gruppe': PHONES.providerDesk,
    'ct-kjp-marien-aufnahme': PHONES.clinicDeskOff,
    'ct-ja-asd-fallfuehrung': PHONES.youthOfficeDesk,
  };
  return {
    ...copy,
    agreementId: `e2e-reach-${tag}`,
    version: `2026-${tag}`,
    region: 'Nachbarkreis (e2e, schnelle Zustellfristen)',
    validFrom: new Date(Date.now() - 60_000).toISOString(),
    contacts: copy.contacts.map((c) => {
      const phone = phoneOf[c.id];
      if (!phone) return c;
      const channels: CooperationAgreement['contacts'][number]['channels'] = [
        { kind: 'in_app', address: `inbox:${c.organisationId}` },
        { kind: 'phone', address: phone },
      ];
      // The clinic desk also has a voice call after the text: the whole fallback is visible.
      if (c.id === 'ct-kjp-marien-aufnahme') channels.push({ kind: 'voice', address: phone });
      return { ...c, channels };
    }),
    deliveryWindows: { immediate: { in_app: 3, phone: 3, voice: 3, email: 3 } },
  };
}

describe('reaching people: delivery counts only on a receipt, fallbacks, guardians confirm with a code', () => {
  let ds: DataSource;
  let neighbour: string;
  const tag = randomUUID().slice(0, 8);
  const gateway = new SmsGatewayClient(stack.gatewayUrl);
  let caseId: string;
  let crisisId: string;

  const call = async (method: string, path: string, token: string | null, body?: unknown, headers = {}) =>
    fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'content-type': 'application/json',
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const eventsOf = async (taskId: string) =>
    (
      (await ds.query(`SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
        `case-${caseId}`,
      ])) as { type: string; data: Record<string, unknown> }[]
    ).filter((e) => e.data.taskId === taskId);
  const line = (e: { type: string; data: Record<string, unknown> }) =>
    [e.type, e.data.channel, e.data.cause, (e.data.confirmedBy as { id?: string } | undefined)?.id]
      .filter(Boolean)
      .join(' ');
  const waitForEvent = (taskId: string, what: string) =>
    eventually(async () => ((await eventsOf(taskId)).map(line).some((l) => l.startsWith(what)) ? true : undefined), {
      timeoutMs: 45_000,
      what: `${what} for ${taskId}`,
    });
  const sentTo = async (phone: string) =>
    (await gateway.messages({ to: e164(phone) })).filter((m) => m.reference.startsWith(crisisId));

  beforeAll(async () => {
    ds = await openDataSource(stack.databaseUrl, 1);
    neighbour = await tokenFor(stack.issuer, 'fachkraft-nachbar');
    // Every partner signs (docs/adr/0015): a published version alone governs nothing.
    expect((await proposeSignedByAll(stack.apiUrl, fastAgreement(tag))).status).toBe('in_force');

    caseId = caseIdOf(NEIGHBOUR_OFFICE, `e2e-reach-${tag}`);
    const registered = await call('POST', '/cases', neighbour, {
      caseId,
      youngPerson: { givenName: 'Lea', familyName: `Winter${tag}`, dateOfBirth: '2010-09-12' },
      guardians: [
        { name: `Petra Winter${tag}`, relation: 'mother', phone: PHONES.guardian, preferredChannel: 'phone' },
      ],
    });
    expect(registered.status).toBe(201);
    // The caseworker's inbox is open: it confirms the youth office's task the moment it is listed.
    const trigger = await call(
      'POST',
      `/cases/${caseId}/crises`,
      neighbour,
      { dangerKind: 'others', urgency: 'immediate', callbackPhone: '+4915100000001' },
      { 'idempotency-key': `reach-${tag}` },
    );
    expect(trigger.status).toBe(201);
    crisisId = ((await trigger.json()) as { crisisId: string }).crisisId;
    await eventually(
      async () => {
        const inbox = (await (
          await call('GET', `/tasks?caseId=${caseId}&status=all`, neighbour)
        ).json()) as TaskInboxResponse;
        return inbox.tasks.find((t) => t.taskId === 'task-youth_office');
      },
      { what: 'the youth office task in the inbox' },
    );
    const receipt = await call(
      'POST',
      `/cases/${caseId}/crises/${crisisId}/tasks/task-youth_office/delivery`,
      neighbour,
      { state: 'delivered' },
    );
    expect(receipt.status).toBe(202);
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  it('with an inbox open the task is delivered in-app, confirmed by the person, and no text goes out', async () => {
    await waitForEvent('task-youth_office', 'NotificationDelivered in_app u-jn-0001');
    expect((await eventsOf('task-youth_office')).map(line).slice(0, 3)).toEqual([
      'PartyNotified',
      'NotificationAttempted in_app',
      'NotificationDelivered in_app u-jn-0001',
    ]);
    await new Promise((r) => setTimeout(r, 4_000)); // a window later, still nothing sent
    expect(await sentTo(PHONES.youthOfficeDesk)).toEqual([]);
  });

  it('the caseworker opens the task: "gesehen" once per person, on the board at once, with the delivery', async () => {
    const url = `/cases/${caseId}/crises/${crisisId}/tasks/task-youth_office/delivery`;
    // The web app sends "seen" when the person opens the task, once per view: twice here.
    expect((await call('POST', url, neighbour, { state: 'seen' })).status).toBe(202);
    expect((await call('POST', url, neighbour, { state: 'seen' })).status).toBe(202);
    const seen = (await eventsOf('task-youth_office')).filter((e) => e.type === 'NotificationSeen');
    expect(seen.map((e) => (e.data.seenBy as { id: string }).id)).toEqual(['u-jn-0001']);
    // The API recorded both receipts in the log (docs/adr/0046); the board shows them from there.
    const board = await eventually(
      async () => {
        const view = (await (await call('GET', `/cases/${caseId}/crises/${crisisId}`, neighbour)).json()) as {
          tasks: { taskId: string; delivery?: { state: string; channel: string | null; seen: boolean } }[];
        };
        const task = view.tasks.find((t) => t.taskId === 'task-youth_office');
        return task?.delivery?.seen ? task : undefined;
      },
      { what: 'the task seen on the board' },
    );
    expect(board.delivery).toMatchObject({ state: 'delivered', channel: 'in_app', seen: true });
    expect((await eventsOf('task-youth_office')).filter((e) => e.type === 'NotificationDelivered')).toHaveLength(1);
  });

  it('nobody has the inbox open: after the window the SMS arrives at the gateway and its signed receipt makes it delivered', async () => {
    await waitForEvent('task-provider', 'NotificationDelivered phone');
    expect((await eventsOf('task-provider')).map(line).slice(0, 5)).toEqual([
      'PartyNotified',
      'NotificationAttempted in_app',
      'NotificationNotDelivered in_app window_passed',
      'NotificationAttempted phone',
      'NotificationDelivered phone system:sms-gateway',
    ]);
    const [sms] = await sentTo(PHONES.providerDesk);
    expect(sms).toMatchObject({ mode: 'sms', receipt: { status: 'delivered' } });
    // Categories, the case reference and where to read more: no name, no place, no note.
    expect(sms!.text).toContain(caseId);
    expect(sms!.text).toContain('Fremdgefährdung');
    expect(sms!.text).not.toContain(`Winter${tag}`);
  });

  it('a phone that never confirms gets the text, then a call, then the task moves to the next contact', async () => {
    await waitForEvent('task-clinic', 'TaskEscalated');
    expect((await eventsOf('task-clinic')).map(line).slice(0, 9)).toEqual([
      'PartyNotified',
      'NotificationAttempted in_app',
      'NotificationNotDelivered in_app window_passed',
      'NotificationAttempted phone',
      'NotificationNotDelivered phone window_passed',
      'NotificationAttempted voice',
      'NotificationNotDelivered voice window_passed',
      'ContactNotReached',
      'TaskEscalated not_reached',
    ]);
    const sent = await sentTo(PHONES.clinicDeskOff);
    expect(sent.map((m) => m.mode).sort()).toEqual(['sms', 'voice']);
  });

  it('a receipt without the gateway’s signature is refused and changes nothing', async () => {
    const [sms] = await sentTo(PHONES.providerDesk);
    const body = JSON.stringify({
      reference: sms!.reference.replace(/\/1$/, '/0'),
      messageId: 'forged',
      status: 'delivered',
      at: new Date().toISOString(),
    });
    const forged = createHmac('sha256', 'not-the-gateway-secret-at-all').update(body).digest('hex');
    for (const signature of [undefined, `sha256=${forged}`]) {
      const res = await fetch(`${stack.apiUrl}/notifications/gateway-receipts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(signature ? { 'x-hilfenetz-signature': signature } : {}) },
        body,
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe(
        'header.x-hilfenetz-signature',
      );
    }
    // The in-app attempt of the provider task stays "not delivered": the forgery counted nowhere.
    expect((await eventsOf('task-provider')).map(line)).toContain('NotificationNotDelivered in_app window_passed');
    expect((await eventsOf('task-provider')).map(line)).not.toContain(
      'NotificationDelivered in_app system:sms-gateway',
    );
  });

  it('the guardian gets a code by SMS; wrong codes are refused and lock the device after five; the right one confirms', async () => {
    const sms = await gateway.waitForMessage({ to: PHONES.guardian }, (m) => m.reference.startsWith(crisisId), 30_000);
    expect(sms.text).not.toContain(`Winter${tag}`);
    expect(sms.text).not.toContain(caseId);
    const code = /Code (\d{6})/.exec(sms.text)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';
    const confirm = (c: string, from: string) =>
      call('POST', '/public/guardian-confirmations', null, { code: c }, { 'x-forwarded-for': from });

    const malformed = await confirm('12ab', '203.0.113.5');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('body.code');

    const attacker = '203.0.113.66';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await confirm(wrong, attacker)).status);
    expect(statuses).toEqual([422, 422, 422, 422, 429]);
    // Locked: even the right code does nothing from that device now.
    expect((await confirm(code, attacker)).status).toBe(429);
    expect((await eventsOf('task-guardian')).map(line)).not.toContain('TaskAcknowledged');

    const ok = await confirm(code, '198.51.100.20');
    expect(ok.status).toBe(200);
    // Whom to call: the youth office desk of the agreement, a function number, no case data.
    expect(await ok.json()).toEqual({ confirmed: true, contactPhone: PHONES.youthOfficeDesk });
    await waitForEvent('task-guardian', 'TaskAcknowledged');
    const ack = (await eventsOf('task-guardian')).find((e) => e.type === 'TaskAcknowledged')!;
    expect(ack.data).toMatchObject({ method: 'guardian_code', acknowledgedBy: { role: 'guardian' } });
    // The acknowledgement stops the guardian's reach: nobody is texted on for it.
    const before = (await gateway.messages()).filter((m) => m.reference.includes('task-guardian')).length;
    await new Promise((r) => setTimeout(r, 4_000));
    expect((await gateway.messages()).filter((m) => m.reference.includes('task-guardian')).length).toBe(before);
  });

  it('an expired code is refused like a wrong one', async () => {
    const sms = await gateway.waitForMessage({ to: PHONES.guardian }, (m) => m.reference.startsWith(crisisId));
    const code = /Code (\d{6})/.exec(sms.text)![1]!;
    await ds.query(`UPDATE guardian_codes SET expires_at = now() - interval '1 minute' WHERE crisis_id = $1`, [
      crisisId,
    ]);
    const res = await call(
      'POST',
      '/public/guardian-confirmations',
      null,
      { code },
      { 'x-forwarded-for': '198.51.100.21' },
    );
    expect(res.status).toBe(422);
  });

  it('the ASD records a guardian reached by phone; the method is only for the guardian task', async () => {
    const other = caseIdOf(NEIGHBOUR_OFFICE, `e2e-reach-phone-${tag}`);
    expect(
      (
        await call('POST', '/cases', neighbour, {
          caseId: other,
          youngPerson: { givenName: 'Ben', familyName: `Herbst${tag}`, dateOfBirth: '2012-01-20' },
        })
      ).status,
    ).toBe(201);
    const trigger = await call(
      'POST',
      `/cases/${other}/crises`,
      neighbour,
      { dangerKind: 'self', urgency: 'immediate' },
      { 'idempotency-key': `reach-phone-${tag}` },
    );
    const { crisisId: otherCrisis } = (await trigger.json()) as { crisisId: string };
    const base = `/cases/${other}/crises/${otherCrisis}/tasks`;
    await eventually(
      async () =>
        (await call('GET', `/cases/${other}/crises/${otherCrisis}`, neighbour)).status === 200 ? true : undefined,
      { what: 'the crisis' },
    );
    await eventually(
      async () => {
        const res = await call('GET', `/cases/${other}/crises/${otherCrisis}`, neighbour);
        const live = (await res.json()) as { tasks?: unknown[] };
        return live.tasks?.length === 5 ? true : undefined;
      },
      { what: 'five tasks' },
    );
    const wrong = await call('POST', `${base}/task-youth_office/acknowledge`, neighbour, { method: 'phone_call' });
    expect(wrong.status).toBe(403);
    const byPhone = await call('POST', `${base}/task-guardian/acknowledge`, neighbour, { method: 'phone_call' });
    expect(byPhone.status).toBe(200);
    const events = (await ds.query(`SELECT data FROM events WHERE stream_id = $1 AND type = 'TaskAcknowledged'`, [
      `case-${other}`,
    ])) as { data: { taskId: string; method?: string; acknowledgedBy: { id: string } } }[];
    expect(events.map((e) => [e.data.taskId, e.data.method, e.data.acknowledgedBy.id])).toEqual([
      ['task-guardian', 'phone_call', 'u-jn-0001'],
    ]);
  });

  it('an in-app receipt from an organisation that does not hold the task is refused', async () => {
    const clinic = await tokenFor(stack.issuer, 'klinik');
    const res = await call('POST', `/cases/${caseId}/crises/${crisisId}/tasks/task-clinic/delivery`, clinic, {
      state: 'delivered',
    });
    expect(res.status).toBe(404);
    const bad = await call('POST', `/cases/${caseId}/crises/${crisisId}/tasks/task-youth_office/delivery`, neighbour, {
      state: 'arrived',
    });
    expect(bad.status).toBe(400);
  });
});
