import { ensureDatabase, startSystem, stopSystem, testEnv, tokenFor, withDatabaseSuffix } from '@hilfenetz/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Summary } from '../percentiles';
import { prettified } from '../report';
import { describeSystemRun, gitTree } from '../system-run';
import { startRawPath } from './baseline';
import { baselineSide } from './baseline-side';
import { hilfenetzSide } from './hilfenetz-side';
import { runRate } from './inbox.bench';
import { INBOX_USERS, TASKS_PER_TRIGGER, type InboxUser } from './inbox-side';
import { log, positiveInt } from '../bench-cli';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const int = positiveInt;
const f = (x: number) => (!Number.isFinite(x) ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(0));

/**
 * `npm run bench:inbox`: trigger → the task visible on an open inbox (SSE), end to end through the
 * real system (API, worker, projector, SMS gateway as processes on their own database, the stack's Keycloak as issuer),
 * beside a raw Temporal + INSERT/pg_notify + node:http SSE path, same rates, same run, same process.
 */
async function main(): Promise<void> {
  const sizes = {
    rates: (process.env.BENCH_INBOX_RATES ?? '1,20').split(',').map(Number),
    /** Triggers per rate and side; each makes five tasks visible (samples). */
    triggers: int('BENCH_INBOX_TRIGGERS', 200),
    rounds: int('BENCH_INBOX_ROUNDS', 2),
    warmup: int('BENCH_INBOX_WARMUP', 5),
  };
  const startedAt = new Date().toISOString();
  const loadStart = os.loadavg();
  const tree = gitTree();
  const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres:postgres@127.0.0.1:54329/postgres';
  // ensureDatabase creates `<DATABASE_URL's db>_bench_inbox` as the superuser, owned by the schema owner.
  const hadAdmin = process.env.DATABASE_ADMIN_URL;
  process.env.DATABASE_ADMIN_URL = hadAdmin || adminUrl;
  await ensureDatabase('bench_inbox');
  if (hadAdmin === undefined) delete process.env.DATABASE_ADMIN_URL;

  log('starting API, worker, projector and SMS gateway on their own database');
  const system = await startSystem(ROOT, {
    dbSuffix: 'bench_inbox',
    label: 'bench-inbox',
    // The caseworker triggers up to 20 crises a second: the per-user write limit (60/min) is not measured here.
    extraEnv: { API_WRITE_RATE_LIMIT: '100000' },
  });
  const stop = new AbortController();
  const raw = await startRawPath({
    databaseUrl: system.databaseUrl,
    ownerUrl: withDatabaseSuffix(testEnv().migrationUrl, 'bench_inbox'),
    temporalAddress: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
  });
  try {
    const tokens = {} as Record<InboxUser, string>;
    for (const u of INBOX_USERS) tokens[u] = await tokenFor(system.issuer, u);
    const subject = await hilfenetzSide(system.apiUrl, system.databaseUrl, tokens, stop.signal, log);
    const baseline = await baselineSide(raw, stop.signal, log);
    log(`warm-up: ${sizes.warmup} triggers per side at 1/s (not counted)`);
    await runRate({ hilfenetz: subject, baseline }, 1, sizes.warmup, 1, log);

    const results = [];
    const phases = [];
    for (const rate of sizes.rates) {
      const r = await runRate({ hilfenetz: subject, baseline }, rate, sizes.triggers, sizes.rounds, log);
      results.push(r.result);
      phases.push(
        ...r.phases.map((p) => ({
          ...p,
          visible: undefined,
          push: undefined,
          triggerCall: undefined,
          stages: undefined,
        })),
      );
    }
    const loadEnd = os.loadavg();
    const finishedAt = new Date().toISOString();
    const machine = await describeSystemRun(system.databaseUrl, loadStart, loadEnd, tree);
    machine['hilfenetz.streamBreaks'] = String(subject.breaks());
    machine['hilfenetz.listReloads'] = String(subject.reloads());
    machine['hilfenetz.triggersSentAgainAfter503'] = String(subject.retriedTriggers());

    const md = markdown(results, sizes, machine, startedAt);
    const dir = path.resolve(__dirname, '..', '..', 'results');
    mkdirSync(dir, { recursive: true });
    if (process.argv.includes('--no-write')) {
      console.log(md);
      return;
    }
    const latest = path.join(dir, 'inbox-latest.md');
    writeFileSync(latest, await prettified(md, latest));
    const json = path.join(dir, `${startedAt.slice(0, 10)}-inbox.json`);
    writeFileSync(
      json,
      await prettified(
        JSON.stringify({ name: 'inbox', startedAt, finishedAt, sizes, machine, results, phases }, null, 2),
        json,
      ),
    );
    console.log(md);
    log(`wrote ${path.relative(ROOT, latest)} and ${path.relative(ROOT, json)}`);
  } finally {
    stop.abort();
    await raw.close().catch((err: unknown) => log(`raw path close: ${String(err)}`));
    await stopSystem(system.apps, system.topicPrefix, 'bench-inbox');
  }
}

type RateResults = Awaited<ReturnType<typeof runRate>>['result'][];

function markdown(
  results: RateResults,
  sizes: { triggers: number; rounds: number; warmup: number },
  machine: Record<string, string>,
  startedAt: string,
): string {
  const pct = (s: Summary) => `${f(s.p50)} / ${f(s.p90)} / ${f(s.p99)} / ${f(s.max)}`;
  const lines = [
    `# Inbox benchmark: ${startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Trigger → the task visible on an open inbox (Server-Sent Events), end to end through the real system, beside a raw Temporal + \`INSERT\`/\`pg_notify\` + \`node:http\` SSE path in the same run and process. Produced by \`npm run bench:inbox\` (bench/src/inbox); what is measured and why the baseline is fair: bench/README.md, "Inbox". Load average at the start ${machine['load average at start (1/5/15 min)']}, at the end ${machine['load average at end (1/5/15 min)']} (2 cores, shared with other engineers' test runs).`,
    '',
    '| rate | samples (hilfenetz / baseline) | hilfenetz: task shown, p50 / p90 / p99 / max ms | hilfenetz: its SSE push, p50 / p99 ms | baseline: row pushed, p50 / p90 / p99 / max ms | ratio p50 / p90 / p99 | target p99 < 1 s |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.rate} crisis/s | ${r.hilfenetz.visible.count} / ${r.baseline.visible.count} | ${pct(r.hilfenetz.visible)} | ${f(r.hilfenetz.push.p50)} / ${f(r.hilfenetz.push.p99)} | ${pct(r.baseline.visible)} | ${r.ratio.p50.toFixed(2)}× / ${r.ratio.p90.toFixed(2)}× / ${r.ratio.p99.toFixed(2)}× | ${r.missing.hilfenetz > r.expected.hilfenetz / 100 ? `MISSED (${r.missing.hilfenetz} of ${r.expected.hilfenetz} tasks not shown within 30 s: the true p99 is beyond)` : r.hilfenetz.visible.count >= 1000 ? (r.hilfenetz.visible.p99 < 1000 ? 'MET' : 'MISSED') : 'not judged (< 1,000 samples)'} |`,
    ),
    '',
    ...results.map(
      (r) =>
        `- ${r.rate}/s: ${r.triggers.hilfenetz} crises and ${r.triggers.baseline} raw workflows, ${TASKS_PER_TRIGGER} tasks each, ${sizes.rounds} alternating rounds; tasks never seen within 30 s: hilfenetz ${r.missing.hilfenetz}, baseline ${r.missing.baseline}; failed triggers: ${r.failedTriggers.hilfenetz} / ${r.failedTriggers.baseline}. The trigger call itself (POST /crises; \`workflow.start\`): p50 ${f(r.hilfenetz.triggerCall.p50)} / ${f(r.baseline.triggerCall.p50)} ms, p99 ${f(r.hilfenetz.triggerCall.p99)} / ${f(r.baseline.triggerCall.p99)} ms. Open-loop sends left at most ${f(r.sendLagMaxMs)} ms late; 1-min load during the phases ${r.load.min.toFixed(2)}–${r.load.max.toFixed(2)}.`,
    ),
    '',
    "**Where hilfenetz's time goes** (p50 / p99 ms; \"appended\" = the first PartyNotified's `recorded_at`, stamped by the worker's activity as it appends; same machine clock):",
    '',
    '| rate | send → PartyNotified appended (API, Temporal, worker), per crisis | appended → SSE push (append commit, relay, Kafka, projector, NOTIFY, API), per task | push → list shown (GET /tasks), per task |',
    '| --- | --- | --- | --- |',
    ...results.map((r) => {
      const st = r.hilfenetz.stages;
      return `| ${r.rate}/s | ${f(st.toDurable.p50)} / ${f(st.toDurable.p99)} | ${f(st.durableToPush.p50)} / ${f(st.durableToPush.p99)} | ${f(st.pushToShown.p50)} / ${f(st.pushToShown.p99)} |`;
    }),
    '',
    '"Task shown" is the moment the inbox holds the task: hilfenetz pushes `inbox-changed` and the client reloads `GET /tasks` (as the web app does), so it is the reload\'s answer that contains the task; "its SSE push" is the `inbox-changed` message that started that reload. The baseline pushes the row itself, so pushed = shown. The ratio compares "task shown" with "row pushed".',
    '',
    '## Machine',
    '',
    ...Object.entries(machine).map(([k, v]) => `- ${k}: ${v}`),
    '',
    '## Sizes',
    '',
    `- triggers per rate and side: ${sizes.triggers} (× ${TASKS_PER_TRIGGER} tasks = samples), in ${sizes.rounds} rounds; warm-up ${sizes.warmup} per side`,
    '',
  ];
  return lines.join('\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
