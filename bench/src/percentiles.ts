/** Latency or lag samples in milliseconds, summarised the same way for every scenario. */
export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array: the smallest sample with at least p % at or below it. */
export function percentile(sortedAsc: readonly number[], p: number): number {
  if (sortedAsc.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sortedAsc.length);
  return sortedAsc[Math.min(sortedAsc.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    count: sorted.length,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

/** One measured run: how many events in how long, and optionally the per-operation latencies. */
export interface Metric {
  label: string;
  events: number;
  seconds: number;
  eventsPerSec: number;
  /** Per operation (one append, one batch, one message), in milliseconds. */
  latencyMs?: Summary;
  latencyOf?: string;
}

export function metric(
  label: string,
  events: number,
  seconds: number,
  latencies?: number[],
  latencyOf?: string,
): Metric {
  return {
    label,
    events,
    seconds,
    eventsPerSec: events / Math.max(seconds, 1e-9),
    ...(latencies ? { latencyMs: summarize(latencies), latencyOf } : {}),
  };
}

/** Seconds since `start` (a performance.now() value). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
