import type { CrisisBoardView, CrisisListResponse, TaskInboxResponse, TimelinePage } from '@hilfenetz/contracts';
import { eventually, lindenauCaseId, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

const CLINIC = 'Kinder- und Jugendpsychiatrie St. Marien';
const NOWAK = 'Herr Nowak (KJP St. Marien)';

/**
 * Names, not ids (issue 11 §1): inbox, board, crisis list and timeline show the organisations'
 * names from the agreement the crisis runs under and people's names from their tokens; the ids
 * stay beside them as the reference.
 */
describe('display names of organisations and people everywhere', () => {
  const tokens: Record<string, string> = {};
  const caseId = lindenauCaseId(`e2e-names-${randomUUID().slice(0, 8)}`);
  let crisisId: string;
  const call = (path: string, who: string, init: RequestInit = {}) =>
    fetch(`${stack.apiUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json', ...init.headers },
    });
  const inbox = async (who: string, status = 'all') =>
    (await (await call(`/tasks?caseId=${caseId}&status=${status}`, who)).json()) as TaskInboxResponse;

  beforeAll(async () => {
    for (const u of ['fachkraft', 'klinik', 'leitung']) tokens[u] = await tokenFor(stack.issuer, u);
    const registered = await call('/cases', 'fachkraft', {
      method: 'POST',
      body: JSON.stringify({
        caseId,
        youngPerson: { givenName: 'Lina', familyName: 'Berger', dateOfBirth: '2012-02-02' },
      }),
    });
    expect(registered.status).toBe(201);
    const triggered = await call(`/cases/${caseId}/crises`, 'fachkraft', {
      method: 'POST',
      headers: { 'idempotency-key': `key-${randomUUID()}` },
      body: JSON.stringify({ dangerKind: 'others', urgency: 'urgent' }),
    });
    expect(triggered.status).toBe(201);
    crisisId = ((await triggered.json()) as { crisisId: string }).crisisId;
  });

  it('the clinic inbox names its organisation and contact, and who acknowledged', async () => {
    const open = await eventually(async () => (await inbox('klinik')).tasks[0], {
      what: 'the clinic task in its inbox',
      timeoutMs: 45_000,
    });
    expect(open).toMatchObject({
      crisisId,
      organisationId: 'org-kjp-st-marien',
      organisationName: CLINIC,
      contactId: 'ct-kjp-marien-aufnahme',
      contactLabel: 'KJP St. Marien – Aufnahme',
      acknowledgedByName: null,
    });
    expect((await inbox('klinik')).organisationName).toBe(CLINIC);
    const ack = await call(`/cases/${caseId}/crises/${crisisId}/tasks/task-clinic/acknowledge`, 'klinik', {
      method: 'POST',
      body: '{}',
    });
    expect(ack.status).toBe(200);
    const acknowledged = await eventually(async () => (await inbox('klinik', 'acknowledged')).tasks[0], {
      what: 'the acknowledged task',
      timeoutMs: 45_000,
    });
    expect(acknowledged).toMatchObject({ acknowledgedBy: 'u-kjp-0001', acknowledgedByName: NOWAK });
  });

  it('the board names the organisations, contacts and people of the crisis', async () => {
    const board = await eventually(
      async () => {
        const b = (await (await call(`/cases/${caseId}/crises/${crisisId}`, 'fachkraft')).json()) as CrisisBoardView;
        return b.tasks.some((t) => t.acknowledgedBy) ? b : undefined;
      },
      { what: 'the acknowledged clinic task on the board' },
    );
    expect(board.names.organisations['org-kjp-st-marien']).toBe(CLINIC);
    expect(board.names.organisations['org-leitstelle-lindenau']).toBe('Integrierte Leitstelle Lindenau');
    expect(board.names.contacts['ct-kjp-marien-aufnahme']).toBe('KJP St. Marien – Aufnahme');
    expect(board.names.people['u-kjp-0001']).toBe(NOWAK);
  });

  it('the crisis list names the organisations taking part', async () => {
    const listed = await eventually(
      async () => {
        const r = (await (await call('/crises?status=all', 'fachkraft')).json()) as CrisisListResponse;
        return r.crises.find((c) => c.crisisId === crisisId && c.organisations.length >= 4) ? r : undefined;
      },
      { what: 'the crisis in the list with its organisations' },
    );
    expect(listed.organisationName).toBe('Kreisjugendamt Lindenau');
    expect(listed.crises.find((c) => c.crisisId === crisisId)!.organisations).toContainEqual({
      id: 'org-kjp-st-marien',
      name: CLINIC,
    });
  });

  it('the timeline names actors and the organisations in each event, in JSON and CSV', async () => {
    const page = await eventually(
      async () => {
        const p = (await (await call(`/cases/${caseId}/timeline?limit=100`, 'leitung')).json()) as TimelinePage;
        return p.entries?.some((e) => e.type === 'TaskAcknowledged') ? p : undefined;
      },
      { what: 'the acknowledgement in the timeline', timeoutMs: 45_000 },
    );
    const registered = page.entries.find((e) => e.type === 'CaseRegistered')!;
    expect(registered.actor).toEqual({
      id: 'u-ja-0001',
      role: 'caseworker',
      organisationId: 'org-jugendamt-lindenau',
      displayName: 'Frau Aydın (ASD)',
      organisationName: 'Kreisjugendamt Lindenau',
    });
    const ack = page.entries.find((e) => e.type === 'TaskAcknowledged')!;
    expect(ack.actor).toMatchObject({ id: 'u-kjp-0001', displayName: NOWAK, organisationName: CLINIC });
    expect(ack.labels['u-kjp-0001']).toBe(NOWAK);
    const notifiedClinic = page.entries.find((e) => e.type === 'PartyNotified' && e.data.party === 'clinic')!;
    expect(notifiedClinic.labels).toMatchObject({
      'org-kjp-st-marien': CLINIC,
      'ct-kjp-marien-aufnahme': 'KJP St. Marien – Aufnahme',
    });

    const csv = await (await call(`/cases/${caseId}/timeline/export?format=csv`, 'leitung')).text();
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header!.split(',')).toEqual(expect.arrayContaining(['actorId', 'actorName', 'actorOrganisationName']));
    expect(rows.find((r) => r.includes('TaskAcknowledged'))).toContain(
      `u-kjp-0001,clinic_staff,org-kjp-st-marien,${NOWAK},${CLINIC}`,
    );
  });
});
