import type { AccessLogResponse, TimelinePage } from '@hilfenetz/contracts';
import { eventually, lindenauCaseId, stopApp, tokenFor, type AppProcess } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { e2eStack } from '../support/e2e-stack';
import { startOwnApi } from '../support/own-api';
import { call, expectProblem } from './attack-support';

const stack = e2eStack();
/** The export bound of this file's own API: small, so that a handful of events exceeds it. */
const EXPORT_MAX = 3;

/**
 * Issue 13, finding 9: the access log and the export are built in memory and grow with every
 * read and event; one request must not make the API load a case's whole history without bound.
 * Its own API process with a small export bound (API_EXPORT_MAX_ENTRIES).
 */
describe('attack: unbounded access-log and export reads', () => {
  let api: AppProcess;
  let apiUrl: string;
  let caseworker: string;
  let supervisor: string;
  let caseId: string;

  beforeAll(async () => {
    ({ api, apiUrl } = await startOwnApi({ API_EXPORT_MAX_ENTRIES: String(EXPORT_MAX) }));
    caseworker = await tokenFor(stack.issuer, 'fachkraft');
    supervisor = await tokenFor(stack.issuer, 'leitung');
    caseId = lindenauCaseId(`FALL-LIM-${randomUUID().slice(0, 8)}`);
    const registered = await call(apiUrl, 'POST', '/cases', caseworker, {
      caseId,
      youngPerson: { givenName: 'Tim', familyName: 'Grenzwert', dateOfBirth: '2011-06-07' },
    });
    expect(registered.status).toBe(201);
    for (const [i, name] of ['Anna Grenzwert', 'Bernd Grenzwert', 'Carla Grenzwert'].entries()) {
      const added = await call(apiUrl, 'POST', `/cases/${caseId}/guardians`, caseworker, {
        name,
        relation: i === 0 ? 'mother' : i === 1 ? 'father' : 'official_guardian',
        phone: `+491511234567${i}`,
      });
      expect(added.status).toBe(201);
    }
    // The timeline is a read model: wait until the projector has all of them.
    await eventually(
      async () => {
        const page = (await (
          await call(apiUrl, 'GET', `/cases/${caseId}/timeline`, supervisor)
        ).json()) as TimelinePage;
        return page.entries.length > EXPORT_MAX ? true : undefined;
      },
      { what: 'the events in the timeline', timeoutMs: 45_000 },
    );
  });

  afterAll(async () => {
    if (api) await stopApp(api);
  });

  it.each(['json', 'csv', 'pdf'])(
    'a %s export over the bound is refused with 422 problem+json; narrowed, it passes',
    async (format) => {
      const problem = await expectProblem(
        await call(apiUrl, 'GET', `/cases/${caseId}/timeline/export?format=${format}`, supervisor),
        422,
      );
      expect(problem).toMatchObject({ title: 'Export too large', maxEntries: EXPORT_MAX });
      const narrowed = await call(
        apiUrl,
        'GET',
        `/cases/${caseId}/timeline/export?format=${format}&type=CaseRegistered`,
        supervisor,
      );
      expect(narrowed.status).toBe(200);
    },
  );

  it('the access log refuses a page over its maximum and pages with Link: rel="next"', async () => {
    await expectProblem(await call(apiUrl, 'GET', `/cases/${caseId}/access-log?limit=1001`, supervisor), 400);
    await expectProblem(await call(apiUrl, 'GET', `/cases/${caseId}/access-log?limit=0`, supervisor), 400);
    await expectProblem(await call(apiUrl, 'GET', `/cases/${caseId}/access-log?after=x`, supervisor), 400);

    const all = (await (
      await call(apiUrl, 'GET', `/cases/${caseId}/access-log`, supervisor)
    ).json()) as AccessLogResponse;
    expect(all.entries.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let next: string | null = `/cases/${caseId}/access-log?limit=2`;
    while (next) {
      const res = await call(apiUrl, 'GET', next, supervisor);
      expect(res.status).toBe(200);
      const page = (await res.json()) as AccessLogResponse;
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((e) => e.id));
      const link = /^<\?([^>]+)>; rel="next"$/.exec(res.headers.get('link') ?? '');
      next = link ? `/cases/${caseId}/access-log?${link[1]}` : null;
    }
    // Paged, the log is the same as in one piece (the reads of this loop are logged after `all`).
    expect(seen.slice(0, all.entries.length)).toEqual(all.entries.map((e) => e.id));
  });
});
