import type { TimelinePage } from '@hilfenetz/contracts';
import { caseStreamId } from '@hilfenetz/domain';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { createDataSource } from '@hilfenetz/persistence';
import { ensureDatabase, startSystem, stopSystem, tokenFor } from '@hilfenetz/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { summarize, type Summary } from '../percentiles';
import { prettified } from '../report';
import { describeSystemRun, gitTree } from '../system-run';
import { buildLongCase, type Call } from './long-case';
import { log, positiveInt } from '../bench-cli';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const int = positiveInt;
const ms = (x: number) => (!Number.isFinite(x) ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(1));

/** The issue's target for a timeline page of a 10,000-event case (issue 16). */
const TARGET_P99_MS = 50;
const ROUNDS = 5;

interface Side {
  name: string;
  what: string;
  samples: number;
  run: () => Promise<void>;
}

interface SideResult {
  name: string;
  what: string;
  latency: Summary;
}

/**
 * `npm run bench:timeline`: the timeline page of a case with 10,000 events, first and last page,
 * as a supervisor's browser asks for it (GET /cases/:caseId/timeline over HTTP, token, access
 * check, access log, the page from the timeline read model, SLA figures, the incremental chain
 * check, names), against in the same run: the same page's rows read straight from the event table
 * (raw pg), reading the whole stream (EventStore.readStream, what a page would cost without a read
 * model) and GET /ready (the API's floor). The sides alternate in 5 rounds, first side rotating.
 */
async function main(): Promise<void> {
  const sizes = {
    events: int('BENCH_TIMELINE_EVENTS', 10_000),
    pageSamples: int('BENCH_TIMELINE_SAMPLES', 1_000),
    readAllSamples: int('BENCH_TIMELINE_READALL_SAMPLES', 100),
    limit: 100,
  };
  const tree = gitTree();
  const hadAdmin = process.env.DATABASE_ADMIN_URL;
  process.env.DATABASE_ADMIN_URL = hadAdmin || process.env.BENCH_ADMIN_URL;
  await ensureDatabase('bench_timeline');
  if (hadAdmin === undefined) delete process.env.DATABASE_ADMIN_URL;
  log('starting API, worker, projector and SMS gateway on their own database');
  const system = await startSystem(ROOT, {
    dbSuffix: 'bench_timeline',
    label: 'bench-timeline',
    // One reader asks for thousands of pages: the per-user read limit has its own tests.
    extraEnv: { CASE_READ_RATE_LIMIT: '1000000', API_WRITE_RATE_LIMIT: '100000' },
  });
  const ds = await createDataSource(system.databaseUrl, {
    poolSize: 2,
    applicationName: 'hilfenetz-bench-timeline',
  }).initialize();
  const pg = new Client({ connectionString: system.databaseUrl, application_name: 'hilfenetz-bench-timeline-raw' });
  await pg.connect();
  try {
    const store = new PostgresEventStore(ds);
    const as =
      (user: string): Call =>
      async (method, p, body, headers = {}) =>
        fetch(`${system.apiUrl}${p}`, {
          method,
          headers: {
            authorization: `Bearer ${await tokenFor(system.issuer, user)}`,
            'content-type': 'application/json',
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
    const built = await buildLongCase({
      call: as('fachkraft'),
      databaseUrl: system.databaseUrl,
      store,
      events: sizes.events,
      log,
    });
    const { caseId, streamVersion } = built;
    log(`case ${caseId}: ${streamVersion} events (${built.copies} copies of a ${built.templateEvents}-event crisis)`);

    const reader = as('leitung');
    const page = async (cursor?: string): Promise<TimelinePage> => {
      const res = await reader(
        'GET',
        `/cases/${caseId}/timeline?limit=${sizes.limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      if (!res.ok) throw new Error(`timeline: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as TimelinePage;
    };
    // The cursor of the last page, walked once as a reader paging to the end would.
    let lastCursor: string | undefined;
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: TimelinePage = await page(cursor ?? undefined);
      pages++;
      if (p.page.nextCursor) lastCursor = p.page.nextCursor;
      cursor = p.page.nextCursor;
      if (!p.integrity.ok) throw new Error(`the chain check failed: ${JSON.stringify(p.integrity)}`);
    } while (cursor);
    log(`${pages} pages of ${sizes.limit}; measuring`);
    const stream = caseStreamId(caseId);
    const checkPage = (p: TimelinePage, first: boolean) => {
      if (p.entries.length === 0 || !p.integrity.ok || p.integrity.events !== streamVersion) {
        throw new Error(`unexpected page: ${p.entries.length} entries, integrity ${JSON.stringify(p.integrity)}`);
      }
      if (first !== (p.entries[0]!.streamVersion === 1)) throw new Error('the page is not the one asked for');
    };
    const rawPage = async (afterVersion: number) => {
      const { rows } = await pg.query(
        `SELECT event_id, global_position::text, stream_version, type, data, metadata, recorded_at
         FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version LIMIT $3`,
        [stream, afterVersion, sizes.limit],
      );
      if (rows.length === 0) throw new Error('raw page empty');
    };
    const lastAfter = Math.floor((streamVersion - 1) / sizes.limit) * sizes.limit;
    const sides: Side[] = [
      {
        name: 'hilfenetz: first page',
        what: `GET /cases/:caseId/timeline?limit=${sizes.limit} over HTTP`,
        samples: sizes.pageSamples,
        run: async () => checkPage(await page(), true),
      },
      {
        name: 'hilfenetz: last page',
        what: `the same with the last page's cursor`,
        samples: sizes.pageSamples,
        run: async () => checkPage(await page(lastCursor), false),
      },
      {
        name: 'raw pg: first page',
        what: `SELECT of the page's ${sizes.limit} rows from events by stream version (one connection)`,
        samples: sizes.pageSamples,
        run: () => rawPage(0),
      },
      {
        name: 'raw pg: last page',
        what: 'the same for the last page',
        samples: sizes.pageSamples,
        run: () => rawPage(lastAfter),
      },
      {
        name: 'GET /ready',
        what: 'the API floor over HTTP (Postgres and Temporal round trip)',
        samples: sizes.pageSamples,
        run: async () => {
          const res = await fetch(`${system.apiUrl}/ready`);
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`/ready: HTTP ${res.status}`);
        },
      },
      {
        name: 'readStream of the whole case',
        what: `EventStore.readStream of all ${streamVersion} events (readAll of the same stream)`,
        samples: sizes.readAllSamples,
        run: async () => {
          const all = await store.readStream(stream);
          if (all.length !== streamVersion) throw new Error(`read ${all.length} events`);
        },
      },
    ];
    const samples = new Map<string, number[]>(sides.map((s) => [s.name, []]));
    const loadStart = os.loadavg();
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      const order = sides.map((_, i) => sides[(i + round) % sides.length]!);
      for (const side of order) {
        const n = Math.ceil(side.samples / ROUNDS);
        const into = samples.get(side.name)!;
        for (let i = 0; i < n && into.length < side.samples; i++) {
          const t = performance.now();
          await side.run();
          into.push(performance.now() - t);
        }
      }
      log(`round ${round + 1}/${ROUNDS} done`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const loadEnd = os.loadavg();
    const results: SideResult[] = sides.map((s) => ({
      name: s.name,
      what: s.what,
      latency: summarize(samples.get(s.name)!),
    }));
    const machine = await describeSystemRun(system.databaseUrl, loadStart, loadEnd, tree);
    const md = markdown(
      results,
      { ...sizes, streamVersion, copies: built.copies, templateEvents: built.templateEvents },
      machine,
      startedAt,
      seconds,
    );
    console.log(md);
    if (process.argv.includes('--no-write')) return;
    const dir = path.resolve(__dirname, '..', '..', 'results');
    mkdirSync(dir, { recursive: true });
    const latest = path.join(dir, 'timeline-latest.md');
    writeFileSync(latest, await prettified(md, latest));
    const json = path.join(dir, `${startedAt.slice(0, 16).replace(':', '')}-timeline.json`);
    writeFileSync(
      json,
      await prettified(
        JSON.stringify({ name: 'timeline', startedAt, seconds, sizes, streamVersion, machine, results }, null, 2),
        json,
      ),
    );
    log(`wrote ${path.relative(ROOT, latest)} and ${path.relative(ROOT, json)}`);
  } finally {
    await pg.end();
    await ds.destroy();
    await stopSystem(system.apps, system.topicPrefix, 'bench-timeline');
  }
}

function markdown(
  results: SideResult[],
  sizes: {
    events: number;
    pageSamples: number;
    readAllSamples: number;
    limit: number;
    streamVersion: number;
    copies: number;
    templateEvents: number;
  },
  machine: Record<string, string>,
  startedAt: string,
  seconds: number,
): string {
  const by = (name: string) => results.find((r) => r.name === name)!.latency;
  const p99 = (s: Summary) => (s.count >= 1000 ? ms(s.p99) : '–');
  const row = (r: SideResult) =>
    `| ${r.name} | ${r.what} | ${r.latency.count} | ${ms(r.latency.p50)} | ${ms(r.latency.p90)} | ${p99(r.latency)} | ${ms(r.latency.max)} |`;
  const verdict = (name: string) => {
    const s = by(name);
    const raw = by(name.replace('hilfenetz', 'raw pg'));
    const target =
      s.count >= 1000
        ? `p99 ${ms(s.p99)} ms, ${s.p99 < TARGET_P99_MS ? 'MET' : 'MISSED'} (target < ${TARGET_P99_MS} ms); ${(s.p99 / raw.p99).toFixed(1)}× the raw page's p99, ${(s.p99 / by('GET /ready').p99).toFixed(1)}× the /ready floor's`
        : `p50 ${ms(s.p50)} ms from ${s.count} samples (too few for a p99; the target needs ≥ 1,000)`;
    return `${name}: ${target}; p50 ${(s.p50 / raw.p50).toFixed(1)}× the raw page's, ${(by('readStream of the whole case').p50 / s.p50).toFixed(1)}× faster than reading the whole case`;
  };
  return [
    `# Timeline page of a ${sizes.streamVersion.toLocaleString('en')}-event case: ${startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    'Produced by `npm run bench:timeline` (bench/src/timeline/run-timeline-benchmark.ts); the raw figures are in the JSON file of the same start time beside this one.',
    '',
    '| side | what | samples | p50 ms | p90 ms | p99 ms | max ms |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(row),
    '',
    `- ${verdict('hilfenetz: first page')}.`,
    `- ${verdict('hilfenetz: last page')}.`,
    `- The case: one real crisis run through the system (registered, triggered, five parties notified, cancelled: ${sizes.templateEvents} events), then its events appended ${sizes.copies} more times through the store (new event and crisis ids, hash chain, validation, relay, projector) until the stream held ${sizes.streamVersion.toLocaleString('en')} events; measured once the timeline read model held them all.`,
    `- A page is what the web app's timeline asks: ${sizes.limit} entries, the reader the lead office's Leitung (\`leitung\`), each request with its bearer token (cached), access check, access-log row, SLA figures, the incremental chain check (VerifiedStreamCache: only events appended since the last intact check; the whole case again every 5 minutes, so a run longer than that pays one full re-hash of the case inside the samples) and names. Every answer was checked: the right page, the chain intact over all events.`,
    `- Sides alternate in ${ROUNDS} rounds (first side rotating), one request at a time; ${seconds.toFixed(0)} s in all. p99 only from ≥ 1,000 samples (the whole-stream read has ${sizes.readAllSamples}).`,
    '',
    '## Machine',
    '',
    ...Object.entries(machine).map(([k, v]) => `- ${k}: ${v}`),
    '',
  ].join('\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
