import os from 'node:os';
import { summarize, type Summary } from '../percentiles';
import { Recorder, type Side, type Stages, type Log } from './inbox-side';

export interface PhaseResult {
  side: Side['name'];
  rate: number;
  triggers: number;
  expected: number;
  samples: number;
  missing: number;
  failedTriggers: number;
  /** Trigger send → the task shown (hilfenetz: the reloaded list that holds it; baseline: the pushed row). */
  visible: number[];
  /** Trigger send → the SSE message after which the task was shown. */
  push: number[];
  /** The trigger request itself (POST /crises, or workflow.start). */
  triggerCall: number[];
  /** How late the open-loop sends left against their schedule. */
  sendLagMax: number;
  load: [number, number];
  stages?: Stages;
}

export interface RateResult {
  rate: number;
  hilfenetz: {
    visible: Summary;
    push: Summary;
    triggerCall: Summary;
    stages: { toDurable: Summary; durableToPush: Summary; pushToShown: Summary };
  };
  baseline: { visible: Summary; triggerCall: Summary };
  missing: { hilfenetz: number; baseline: number };
  triggers: { hilfenetz: number; baseline: number };
  expected: { hilfenetz: number; baseline: number };
  failedTriggers: { hilfenetz: number; baseline: number };
  sendLagMaxMs: number;
  ratio: { p50: number; p90: number; p99: number; max: number };
  load: { min: number; max: number };
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

/** One open-loop phase: `n` triggers at `rate` per second, then waits for their tasks (at most `drainMs`). */
export async function runPhase(side: Side, rate: number, n: number, drainMs: number): Promise<PhaseResult> {
  const ids = await side.prepare(n);
  const recorder = new Recorder();
  side.attach(recorder);
  const load0 = os.loadavg()[0]!;
  const calls: Promise<void>[] = [];
  const triggerCall: number[] = [];
  let failed = 0;
  let sendLagMax = 0;
  const start = performance.now() + 50;
  for (let i = 0; i < ids.length; i++) {
    const due = start + (i * 1000) / rate;
    await sleepUntil(due);
    const t0 = performance.now();
    sendLagMax = Math.max(sendLagMax, t0 - due);
    recorder.expect(ids[i]!, t0);
    calls.push(
      side.fire(ids[i]!).then((status) => {
        triggerCall.push(performance.now() - t0);
        if (status < 200 || status >= 300) failed++;
      }),
    );
  }
  await Promise.all(calls);
  await recorder.allSeen(drainMs);
  recorder.closed = true;
  const load1 = os.loadavg()[0]!;
  await side.settle();
  const stages = side.stages ? await side.stages(recorder) : undefined;
  return {
    side: side.name,
    rate,
    triggers: n,
    expected: recorder.expected,
    samples: recorder.visible.length,
    missing: recorder.expected - recorder.visible.length,
    failedTriggers: failed,
    visible: recorder.visible,
    push: recorder.push,
    triggerCall,
    sendLagMax,
    load: [load0, load1],
    ...(stages ? { stages } : {}),
  };
}

/**
 * Per rate: `rounds` rounds of `triggers / rounds` triggers per side, the sides alternating (which
 * goes first swaps every round), so drift in the machine's load falls on both.
 */
export async function runRate(
  sides: { hilfenetz: Side; baseline: Side },
  rate: number,
  triggers: number,
  rounds: number,
  log: Log,
): Promise<{ result: RateResult; phases: PhaseResult[] }> {
  const phases: PhaseResult[] = [];
  const per = Math.ceil(triggers / rounds);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [sides.hilfenetz, sides.baseline] : [sides.baseline, sides.hilfenetz];
    for (const side of order) {
      log(`${rate}/s round ${r + 1}/${rounds}: ${side.name}, ${per} triggers`);
      const p = await runPhase(side, rate, per, 30_000);
      log(
        `  ${p.samples}/${p.expected} tasks seen, p50 ${summarize(p.visible).p50.toFixed(0)} ms, p99 ${summarize(p.visible).p99.toFixed(0)} ms, load ${p.load[0].toFixed(2)} → ${p.load[1].toFixed(2)}`,
      );
      phases.push(p);
    }
  }
  const of = (name: Side['name']) => phases.filter((p) => p.side === name);
  const all = (name: Side['name'], k: 'visible' | 'push' | 'triggerCall') => of(name).flatMap((p) => p[k]);
  const s = summarize(all('hilfenetz', 'visible'));
  const b = summarize(all('baseline', 'visible'));
  const sum = (name: Side['name'], k: 'missing' | 'failedTriggers' | 'triggers' | 'expected') =>
    of(name).reduce((a, p) => a + p[k], 0);
  const loads = phases.flatMap((p) => p.load);
  return {
    phases,
    result: {
      rate,
      hilfenetz: {
        visible: s,
        push: summarize(all('hilfenetz', 'push')),
        triggerCall: summarize(all('hilfenetz', 'triggerCall')),
        stages: {
          toDurable: summarize(of('hilfenetz').flatMap((p) => p.stages?.toDurable ?? [])),
          durableToPush: summarize(of('hilfenetz').flatMap((p) => p.stages?.durableToPush ?? [])),
          pushToShown: summarize(of('hilfenetz').flatMap((p) => p.stages?.pushToShown ?? [])),
        },
      },
      baseline: { visible: b, triggerCall: summarize(all('baseline', 'triggerCall')) },
      missing: { hilfenetz: sum('hilfenetz', 'missing'), baseline: sum('baseline', 'missing') },
      triggers: { hilfenetz: sum('hilfenetz', 'triggers'), baseline: sum('baseline', 'triggers') },
      expected: { hilfenetz: sum('hilfenetz', 'expected'), baseline: sum('baseline', 'expected') },
      failedTriggers: { hilfenetz: sum('hilfenetz', 'failedTriggers'), baseline: sum('baseline', 'failedTriggers') },
      sendLagMaxMs: Math.max(...phases.map((p) => p.sendLagMax)),
      ratio: { p50: s.p50 / b.p50, p90: s.p90 / b.p90, p99: s.p99 / b.p99, max: s.max / b.max },
      load: { min: Math.min(...loads), max: Math.max(...loads) },
    },
  };
}
