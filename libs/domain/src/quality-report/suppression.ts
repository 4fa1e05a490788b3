import { suppressedCell, type QualityCell } from '@hilfenetz/contracts';

/**
 * The smallest number of cases a report cell may rest on (k-anonymity threshold, docs/adr/0029).
 * Below it a count or a statistic could point at one crisis, one family or one colleague, so the
 * cell is shown as "< 5" and its number never leaves the server.
 */
export const MIN_CELL_CASES = 5;

/** A count: itself when it counts at least MIN_CELL_CASES cases, else suppressed (0 included). */
export function countCell(n: number): QualityCell {
  return n >= MIN_CELL_CASES ? n : suppressedCell;
}

/** A statistic over `values`: computed only when at least MIN_CELL_CASES cases contribute. */
export function statisticCell(values: readonly number[], statistic: (sorted: number[]) => number): QualityCell {
  if (values.length < MIN_CELL_CASES) return suppressedCell;
  return Math.round(statistic([...values].sort((a, b) => a - b)));
}

/** Nearest-rank percentile of ascending `sorted` (non-empty): always a value that occurred. */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export const median = (sorted: readonly number[]): number => percentile(sorted, 50);
export const p90 = (sorted: readonly number[]): number => percentile(sorted, 90);
