import type { CrisisBoardView, CrisisLiveState } from '@hilfenetz/contracts';
import { eventually, lindenauCaseId, stopApp, testEnv, tokenFor, type AppProcess } from '@hilfenetz/testing';
import { encryptedDataConverter } from '@hilfenetz/transport-encryption';
import { crisisStatus } from '@hilfenetz/workflow-crisis/messages';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';
import { freezableRelay } from './support/freezable-relay';
import { startOwnApi } from './support/own-api';

const stack = e2eStack();

/**
 * A crisis is read from its case stream (docs/adr/0049), not asked of its workflow: the board of a
 * crisis answers while Temporal does not, with what has been recorded. An API of the test's own
 * reaches Temporal through a relay the test freezes; a read that still needs Temporal (the
 * Hilfeplanung, a workflow query) shows that it is frozen.
 */
describe('the crisis board reads the log: it answers while Temporal stalls', () => {
  let api: AppProcess | undefined;
  let relay: Awaited<ReturnType<typeof freezableRelay>> | undefined;
  let ownApi = '';
  const tokens: Record<string, string> = {};
  const caseId = lindenauCaseId(`e2e-log-${randomUUID().slice(0, 8)}`);

  afterAll(async () => {
    relay?.thaw();
    if (api) await stopApp(api);
    await relay?.close();
  });

  const call = (base: string, method: string, path: string, who: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'POST' && path.endsWith('/crises') ? { 'idempotency-key': `key-${randomUUID()}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A read that waits for Temporal fails the test here instead of at jest's timeout.
      signal: AbortSignal.timeout(20_000),
    });

  it('shows the tasks and the acknowledgement recorded before Temporal froze', async () => {
    for (const u of ['fachkraft', 'klinik', 'leitung']) tokens[u] = await tokenFor(stack.issuer, u);
    const [host, port] = (process.env.TEMPORAL_ADDRESS ?? '').split(':') as [string, string];
    relay = await freezableRelay({ host, port: Number(port) });
    ({ api, apiUrl: ownApi } = await startOwnApi({
      TEMPORAL_ADDRESS: `127.0.0.1:${relay.port}`,
      TEMPORAL_CALL_TIMEOUT_MS: '1500',
    }));

    const registered = await call(stack.apiUrl, 'POST', '/cases', 'fachkraft', {
      caseId,
      youngPerson: { givenName: 'Mia', familyName: 'Log', dateOfBirth: '2011-03-04' },
      careProviderOrganisationId: 'org-traeger-birkenhof',
      guardians: [{ name: 'Petra Log', relation: 'mother', phone: '+4915799990071' }],
    });
    expect(registered.status).toBe(201);
    const triggered = await call(stack.apiUrl, 'POST', `/cases/${caseId}/crises`, 'fachkraft', {
      dangerKind: 'self',
      urgency: 'immediate',
    });
    expect(triggered.status).toBe(201);
    const { crisisId } = (await triggered.json()) as { crisisId: string };
    const board = async (base: string) => {
      const res = await call(base, 'GET', `/cases/${caseId}/crises/${crisisId}`, 'leitung');
      expect(res.status).toBe(200);
      return (await res.json()) as CrisisBoardView;
    };
    await eventually(async () => ((await board(ownApi)).tasks.length === 5 ? true : undefined), {
      what: 'the five tasks of the crisis on the board',
      timeoutMs: 45_000,
    });
    const acknowledged = await call(
      stack.apiUrl,
      'POST',
      `/cases/${caseId}/crises/${crisisId}/tasks/task-clinic/acknowledge`,
      'klinik',
      {},
    );
    expect(acknowledged.status).toBe(200);

    relay.freeze();
    // Temporal is out of reach for this API: what asks the engine is turned away.
    const planning = await call(ownApi, 'GET', `/cases/${caseId}/hilfeplanung`, 'leitung');
    expect(planning.status).toBe(503);

    const read = await board(ownApi);
    expect(read).toMatchObject({ crisisId, caseId, status: 'open' });
    expect(read.tasks.map((t) => [t.party, t.status]).sort()).toEqual([
      ['ambulance', 'open'],
      ['clinic', 'acknowledged'],
      ['guardian', 'open'],
      ['provider', 'open'],
      ['youth_office', 'open'],
    ]);
    expect(read.tasks.find((t) => t.party === 'clinic')).toMatchObject({
      acknowledgedBy: { id: 'u-kjp-0001', organisationId: 'org-kjp-st-marien' },
      nextEscalationDue: null,
    });
    expect(read.names.organisations['org-kjp-st-marien']).toBe('Kinder- und Jugendpsychiatrie St. Marien');

    // What the log says is what the workflow holds (asked directly, past the frozen relay).
    const connection = await Connection.connect({ address: testEnv().temporalAddress });
    try {
      const temporal = new Client({
        connection,
        dataConverter: encryptedDataConverter(process.env.PERSONAL_DATA_MASTER_KEY!),
      });
      const live = await temporal.workflow.getHandle(crisisId).query(crisisStatus);
      // The delivery's `since` is when the attempt was recorded in the log, when the workflow began
      // it in its own: compared without it (and the channel a reach may be switching right now).
      const core = (state: CrisisLiveState) => ({
        ...state,
        situation: undefined,
        tasks: state.tasks.map(({ delivery, ...task }) => ({ ...task, reach: delivery?.contactId })),
      });
      const { names: _names, offlineEntries: _offline, ...fromLog } = read;
      expect(core(fromLog as unknown as CrisisLiveState)).toEqual(core(live));
      const clinic = (state: CrisisLiveState) => state.tasks.find((t) => t.party === 'clinic')?.delivery;
      expect(clinic(fromLog as unknown as CrisisLiveState)).toMatchObject({
        state: clinic(live)?.state,
        channel: 'in_app',
        contactId: read.tasks.find((t) => t.party === 'clinic')?.contactId,
      });
    } finally {
      await connection.close();
    }
  });
});
