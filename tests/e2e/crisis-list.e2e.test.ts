import type { CrisisListResponse } from '@hilfenetz/contracts';
import { eventually, lindenauCaseId, testEnv, tokenFor } from '@hilfenetz/testing';
import { encryptedDataConverter } from '@hilfenetz/transport-encryption';
import { Client, Connection } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

const get = async (path: string, token: string) =>
  fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('listing crises by organisation and status (the crisis board read model)', () => {
  it('the organisations holding a task see the open crisis; another clinic does not; cancelled moves it to closed', async () => {
    const [caseworker, clinic, otherClinic] = [
      await tokenFor(stack.issuer, 'fachkraft'),
      await tokenFor(stack.issuer, 'klinik'),
      await tokenFor(stack.issuer, 'klinik-nord'),
    ];
    const caseId = lindenauCaseId(`FALL-LIST-${randomUUID().slice(0, 8)}`);
    const res = await fetch(`${stack.apiUrl}/cases/${caseId}/crises`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${caseworker}`,
        'content-type': 'application/json',
        'idempotency-key': `key-${randomUUID()}`,
      },
      body: JSON.stringify({ dangerKind: 'self', urgency: 'urgent' }),
    });
    const { crisisId } = (await res.json()) as { crisisId: string };
    // The board follows the log by the projector's lag: wait for the state the test is about.
    const listed = (token: string, status = 'active', shown?: string) =>
      eventually(
        async () => {
          const r = (await (await get(`/crises?status=${status}`, token)).json()) as CrisisListResponse;
          const c = r.crises.find((x) => x.crisisId === crisisId);
          return c && (!shown || c.status === shown) ? c : undefined;
        },
        { what: `crisis listed (${status})`, timeoutMs: 30_000 },
      );
    expect(await listed(caseworker, 'active', 'open')).toMatchObject({ caseId, status: 'open' });
    expect(await listed(clinic)).toMatchObject({ caseId });
    const nord = (await (await get('/crises?status=all', otherClinic)).json()) as CrisisListResponse;
    expect(nord.crises.map((c) => c.crisisId)).not.toContain(crisisId);

    const cancel = await fetch(`${stack.apiUrl}/cases/${caseId}/crises/${crisisId}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${caseworker}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Fehlalarm' }),
    });
    expect(cancel.status).toBeLessThan(300);
    expect(await listed(caseworker, 'closed', 'cancelled')).toMatchObject({ status: 'cancelled' });

    const bad = await get('/crises?status=maybe', caseworker);
    expect(bad.status).toBe(400);
  });

  it('a crisis another deployment started in the same Temporal namespace neither shows nor breaks the board', async () => {
    const caseworker = await tokenFor(stack.issuer, 'fachkraft');
    const connection = await Connection.connect({ address: testEnv().temporalAddress });
    const foreign = new Client({
      connection,
      dataConverter: encryptedDataConverter(randomBytes(32).toString('base64')),
    });
    const foreignCase = lindenauCaseId(`FALL-LISTKEY-${randomUUID().slice(0, 8)}`);
    // Nobody polls this queue: the run only sits in Temporal, memo and input sealed under a key of
    // its own, with our search attributes (the board listed such runs while it read visibility).
    const handle = await foreign.workflow.start('crisisWorkflow', {
      taskQueue: `nobody-${randomUUID()}`,
      workflowId: `crisis-${foreignCase}-${randomUUID().slice(0, 8)}`,
      args: [{ caseId: foreignCase }],
      memo: { triggeredByOrganisationId: 'org-jugendamt-lindenau' },
      searchAttributes: {
        HilfenetzCaseId: [foreignCase],
        HilfenetzStatus: ['open'],
        HilfenetzOrganisations: ['org-jugendamt-lindenau'],
      },
    });
    try {
      // A crisis of ours, triggered after the foreign run: once it shows, the board is current.
      const caseId = lindenauCaseId(`FALL-LISTOWN-${randomUUID().slice(0, 8)}`);
      const res = await fetch(`${stack.apiUrl}/cases/${caseId}/crises`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${caseworker}`,
          'content-type': 'application/json',
          'idempotency-key': `key-${randomUUID()}`,
        },
        body: JSON.stringify({ dangerKind: 'others', urgency: 'urgent' }),
      });
      expect(res.status).toBe(201);
      const board = await eventually(
        async () => {
          const r = await get('/crises?status=all', caseworker);
          expect(r.status).toBe(200);
          const body = (await r.json()) as CrisisListResponse;
          return body.crises.some((c) => c.caseId === caseId) ? body : undefined;
        },
        { what: 'our crisis on the board', timeoutMs: 30_000 },
      );
      expect(board.crises.map((c) => c.crisisId)).not.toContain(handle.workflowId);
    } finally {
      await handle.terminate('test done');
      await connection.close();
    }
  });
});
