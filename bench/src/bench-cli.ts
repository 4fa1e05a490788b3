/** What every `npm run bench:*` runner shares: its log line, its size variables. */

/** A log line with the time of day, so a long run shows where its minutes went. */
export const log = (m: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

/**
 * A BENCH_* / LOAD_* size from the environment: a positive whole number (`1_000` allowed), else the
 * run stops at once.
 */
export function positiveInt(name: string, fallback: number): number {
  const n = Number((process.env[name] ?? String(fallback)).replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}
