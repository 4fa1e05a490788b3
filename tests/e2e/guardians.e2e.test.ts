import type { CaseView, GuardianView } from '@hilfenetz/contracts';
import { lindenauCaseId, openDataSource, tokenFor } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();

interface Problem {
  status: number;
  title: string;
  errors?: { field: string; reason: string }[];
}

/**
 * Guardians without an account (issue 11 §3): recorded at registration and kept by the lead
 * office as events on the case stream, sealed under the young person's key, erased with them.
 */
describe('guardians of a case: recorded, changed, removed, sealed, erased', () => {
  let ds: DataSource;
  const tokens: Record<string, string> = {};
  const call = async (method: string, path: string, who: string, body?: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res;
  };
  const eventsOf = async (caseId: string) =>
    (await ds.query(
      `SELECT type, data, transaction_id::text AS tx FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [`case-${caseId}`],
    )) as { type: string; data: Record<string, unknown>; tx: string }[];
  const viewOf = async (caseId: string) =>
    (await (await call('GET', `/cases/${caseId}`, 'fachkraft')).json()) as CaseView;
  const newCase = () => lindenauCaseId(`e2e-guardians-${randomUUID().slice(0, 8)}`);
  const youngPerson = { givenName: 'Jonas', familyName: 'Keller', dateOfBirth: '2010-09-09' };

  beforeAll(async () => {
    ds = await openDataSource(stack.databaseUrl, 1);
    for (const u of ['fachkraft', 'bereitschaft', 'leitung', 'klinik', 'fachkraft-nachbar', 'admin']) {
      tokens[u] = await tokenFor(stack.issuer, u);
    }
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('registers two guardians with the case in one append, sealed; the lead office reads them opened', async () => {
    const tag = randomUUID().slice(0, 8);
    const caseId = newCase();
    const mother = { name: `Anna Keller ${tag}`, relation: 'mother', phone: '+4915112340001' };
    const vormund = {
      name: `Vormundschaftsverein ${tag}`,
      relation: 'official_guardian',
      email: `vormund-${tag}@example.org`,
      preferredChannel: 'email',
      language: 'de',
    };
    const res = await call('POST', '/cases', 'fachkraft', { caseId, youngPerson, guardians: [mother, vormund] });
    expect(res.status).toBe(201);
    const created = (await res.json()) as CaseView;
    expect(created.guardians).toEqual([
      {
        guardianId: expect.stringMatching(/^g-/),
        rank: 1,
        status: 'available',
        language: 'de',
        preferredChannel: 'phone',
        ...mother,
      },
      { guardianId: expect.stringMatching(/^g-/), rank: 2, status: 'available', ...vormund },
    ]);
    expect(await viewOf(caseId)).toEqual(created);

    const events = await eventsOf(caseId);
    expect(events.map((e) => [e.type, e.data.rank ?? null])).toEqual([
      ['CaseRegistered', null],
      ['GuardianRecorded', 1],
      ['GuardianRecorded', 2],
    ]);
    // One append: one transaction for the case and its guardians.
    expect(new Set(events.map((e) => e.tx)).size).toBe(1);
    expect(events[1]!.data.details).toMatchObject({ $sealed: 'A256GCM' });
    expect(JSON.stringify(events)).not.toContain(tag);
    expect(JSON.stringify(events)).not.toContain('+4915112340001');
  });

  it('adds, changes and removes guardians through the lead office; each change is an event', async () => {
    const caseId = newCase();
    expect(
      (
        await call('POST', '/cases', 'fachkraft', {
          caseId,
          youngPerson,
          guardians: [{ name: 'Anna Keller', relation: 'mother', phone: '+4915112340001' }],
        })
      ).status,
    ).toBe(201);
    const added = await call('POST', `/cases/${caseId}/guardians`, 'bereitschaft', {
      name: 'Peter Keller',
      relation: 'father',
      phone: '+4917012340002',
      preferredChannel: 'voice',
    });
    expect(added.status).toBe(201);
    const father = (await added.json()) as GuardianView;
    expect(father).toMatchObject({ rank: 2, status: 'available', name: 'Peter Keller', preferredChannel: 'voice' });

    const changed = await call('PUT', `/cases/${caseId}/guardians/${father.guardianId}`, 'leitung', {
      name: 'Peter Keller',
      relation: 'father',
      phone: '+4917099999999',
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ guardianId: father.guardianId, rank: 2, phone: '+4917099999999' });

    const mother = (await viewOf(caseId)).guardians[0]!;
    const removed = await call('DELETE', `/cases/${caseId}/guardians/${mother.guardianId}`, 'fachkraft');
    expect(removed.status).toBe(204);
    // The father is now the first to reach (case-file:guardian-contact-1).
    expect((await viewOf(caseId)).guardians).toEqual([
      expect.objectContaining({ guardianId: father.guardianId, rank: 1, phone: '+4917099999999' }),
    ]);
    expect((await eventsOf(caseId)).map((e) => e.type)).toEqual([
      'CaseRegistered',
      'GuardianRecorded',
      'GuardianRecorded',
      'GuardianDetailsChanged',
      'GuardianRemoved',
    ]);
  });

  it('refuses a phone number not in E.164 and other bad details, naming the field; nothing is stored', async () => {
    const caseId = newCase();
    const bad = await call('POST', '/cases', 'fachkraft', {
      caseId,
      youngPerson,
      guardians: [{ name: 'Anna Keller', relation: 'mother', phone: '0151 123' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await bad.json()) as Problem;
    expect(problem.errors).toContainEqual({ field: 'body.guardians.0.phone', reason: expect.stringMatching(/E\.164/) });
    expect(await eventsOf(caseId)).toEqual([]);

    const five = Array.from({ length: 5 }, (_, i) => ({
      name: `Person ${i}`,
      relation: 'other',
      phone: '+4915112340001',
    }));
    const tooMany = await call('POST', '/cases', 'fachkraft', { caseId, youngPerson, guardians: five });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as Problem).errors?.map((e) => e.field)).toContain('body.guardians');
    expect(await eventsOf(caseId)).toEqual([]);

    expect((await call('POST', '/cases', 'fachkraft', { caseId, youngPerson })).status).toBe(201);
    for (const [body, field] of [
      [{ name: 'Anna Keller', relation: 'mother', phone: '0151 123' }, 'body.phone'],
      [{ name: 'Anna Keller', relation: 'aunt', phone: '+4915112340001' }, 'body.relation'],
      [{ name: 'Anna Keller', relation: 'mother' }, 'body.phone'],
      [{ name: 'Anna Keller', relation: 'mother', email: 'anna@example.org', preferredChannel: 'phone' }, 'body.phone'],
      [{ name: 'Anna Keller', relation: 'mother', phone: '+4915112340001', extra: 1 }, 'body'],
    ] as const) {
      const res = await call('POST', `/cases/${caseId}/guardians`, 'fachkraft', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toContain(field);
    }
    expect((await eventsOf(caseId)).map((e) => e.type)).toEqual(['CaseRegistered']);
  });

  it('answers an unknown guardian with 404 naming it, and only the lead office changes guardians', async () => {
    const caseId = newCase();
    expect((await call('POST', '/cases', 'fachkraft', { caseId, youngPerson })).status).toBe(201);
    const guardian = { name: 'Anna Keller', relation: 'mother', phone: '+4915112340001' };
    for (const method of ['PUT', 'DELETE']) {
      const res = await call(
        method,
        `/cases/${caseId}/guardians/g-0000-unknown`,
        'fachkraft',
        method === 'PUT' ? guardian : undefined,
      );
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await res.json()) as Problem).errors).toEqual([
        { field: 'path.guardianId', reason: 'unknown guardian' },
      ]);
    }
    const badId = await call('DELETE', `/cases/${caseId}/guardians/anna`, 'fachkraft');
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as Problem).errors?.map((e) => e.field)).toEqual(['path.guardianId']);
    expect(
      (await call('POST', `/cases/e2e-guardians-none-${randomUUID().slice(0, 8)}/guardians`, 'fachkraft', guardian))
        .status,
    ).toBe(404);

    expect((await call('POST', `/cases/${caseId}/guardians`, 'klinik', guardian)).status).toBe(403);
    // Another office gets the 404 of an unknown case: a 403 would confirm the case (issue 13, finding 8).
    expect((await call('POST', `/cases/${caseId}/guardians`, 'fachkraft-nachbar', guardian)).status).toBe(404);
    expect((await eventsOf(caseId)).map((e) => e.type)).toEqual(['CaseRegistered']);

    for (let i = 0; i < 4; i++) {
      expect((await call('POST', `/cases/${caseId}/guardians`, 'fachkraft', guardian)).status).toBe(201);
    }
    const fifth = await call('POST', `/cases/${caseId}/guardians`, 'fachkraft', guardian);
    expect(fifth.status).toBe(422);
    expect((await viewOf(caseId)).guardians.map((g) => g.rank)).toEqual([1, 2, 3, 4]);
  });

  it('erasing the young person erases the guardians on every read; no guardian can be added afterwards', async () => {
    const tag = randomUUID().slice(0, 8);
    const caseId = newCase();
    expect(
      (
        await call('POST', '/cases', 'fachkraft', {
          caseId,
          youngPerson,
          guardians: [{ name: `Anna Keller ${tag}`, relation: 'mother', phone: '+4915112340001' }],
        })
      ).status,
    ).toBe(201);
    expect((await call('POST', `/cases/${caseId}/erasure`, 'admin', { reason: 'Löschfrist abgelaufen' })).status).toBe(
      204,
    );
    const view = await viewOf(caseId);
    expect(view.guardians).toEqual([
      { guardianId: expect.stringMatching(/^g-/), rank: 1, status: 'erased', erasedAt: expect.any(String) },
    ]);
    expect(JSON.stringify(view)).not.toContain(tag);
    const late = await call('POST', `/cases/${caseId}/guardians`, 'fachkraft', {
      name: 'Peter Keller',
      relation: 'father',
      phone: '+4917012340002',
    });
    expect(late.status).toBe(409);
  });
});
