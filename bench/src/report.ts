import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import type { Metric } from './percentiles';

export interface Target {
  text: string;
  met: boolean;
}

/** One line of the result table: what we ship, beside its baseline from the same run. */
export interface Comparison {
  scenario: string;
  case: string;
  subject: Metric;
  baseline: Metric;
  /** What the ratio compares: subject ÷ baseline throughput, or subject ÷ baseline p99. */
  ratioOf: 'throughput' | 'p99';
  ratio: number;
  target?: Target;
}

export interface ScenarioResult {
  scenario: string;
  comparisons: Comparison[];
  /** Figures without a baseline of their own (seeding time, lag measured from commit, …). */
  extra: Metric[];
  notes: string[];
}

export interface BenchReport {
  name: 'event-log';
  startedAt: string;
  finishedAt: string;
  git: string;
  machine: Record<string, string>;
  sizes: Record<string, number>;
  scenarios: ScenarioResult[];
}

export function compare(
  scenario: string,
  caseName: string,
  subject: Metric,
  baseline: Metric,
  ratioOf: Comparison['ratioOf'],
  target?: (ratio: number, subject: Metric) => Target,
): Comparison {
  const ratio =
    ratioOf === 'throughput'
      ? subject.eventsPerSec / baseline.eventsPerSec
      : (subject.latencyMs?.p99 ?? Number.NaN) / (baseline.latencyMs?.p99 ?? Number.NaN);
  return {
    scenario,
    case: caseName,
    subject,
    baseline,
    ratioOf,
    ratio,
    ...(target ? { target: target(ratio, subject) } : {}),
  };
}

const n0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const ms = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(1);
const ratioText = (c: Comparison) => `${c.ratio.toFixed(2)}× ${c.ratioOf === 'p99' ? 'p99' : 'ev/s'}`;
const targetText = (t?: Target) => (t ? `${t.met ? 'MET' : 'MISSED'}: ${t.text}` : '');

function rows(report: BenchReport): string[][] {
  const out: string[][] = [];
  for (const s of report.scenarios) {
    for (const c of s.comparisons) {
      out.push([
        c.scenario,
        c.case,
        c.subject.label,
        n0(c.subject.eventsPerSec),
        ms(c.subject.latencyMs?.p50),
        ms(c.subject.latencyMs?.p99),
        c.baseline.label,
        n0(c.baseline.eventsPerSec),
        ms(c.baseline.latencyMs?.p50),
        ms(c.baseline.latencyMs?.p99),
        ratioText(c),
        targetText(c.target),
      ]);
    }
  }
  return out;
}

const HEADER = [
  'scenario',
  'case',
  'subject',
  'ev/s',
  'p50 ms',
  'p99 ms',
  'baseline',
  'ev/s',
  'p50 ms',
  'p99 ms',
  'ratio',
  'target',
];

/** The result table as plain text for the terminal. */
export function formatTable(report: BenchReport): string {
  const all = [HEADER, ...rows(report)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  const out = [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...rows(report).map(line)];
  for (const s of report.scenarios) {
    for (const m of s.extra) out.push(`  ${s.scenario}: ${describeMetric(m)}`);
  }
  for (const s of report.scenarios) {
    out.push('', `${s.scenario}:`, ...s.notes.map((n) => `  - ${n}`));
  }
  return out.join('\n');
}

function describeMetric(m: Metric): string {
  const lat = m.latencyMs
    ? `, ${m.latencyOf ?? 'latency'} p50 ${ms(m.latencyMs.p50)} ms, p99 ${ms(m.latencyMs.p99)} ms, max ${ms(m.latencyMs.max)} ms`
    : '';
  return `${m.label}: ${n0(m.events)} events in ${m.seconds.toFixed(1)} s (${n0(m.eventsPerSec)} ev/s)${lat}`;
}

export function formatMarkdown(report: BenchReport): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const md: string[] = [
    `# Event-log benchmarks: ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Commit \`${report.git}\`. Produced by \`npm run bench\` (bench/src/run-benchmarks.ts); the raw figures are in the JSON file beside this one.`,
    '',
    '| ' + HEADER.map(esc).join(' | ') + ' |',
    '|' + HEADER.map((_, i) => (i >= 3 && i !== 6 && i < 11 ? ' ---: ' : ' --- ')).join('|') + '|',
    ...rows(report).map((r) => '| ' + r.map(esc).join(' | ') + ' |'),
    '',
  ];
  for (const s of report.scenarios) {
    md.push(`## ${s.scenario}`, '');
    for (const c of s.comparisons) {
      md.push(
        `- **${c.case}**: ${describeMetric(c.subject)}. Baseline: ${describeMetric(c.baseline)}. Ratio ${ratioText(c)}` +
          (c.target ? `; ${targetText(c.target)}.` : '.'),
      );
    }
    for (const m of s.extra) md.push(`- ${describeMetric(m)}`);
    for (const n of s.notes) md.push(`- ${n}`);
    md.push('');
  }
  md.push('## Machine', '', ...Object.entries(report.machine).map(([k, v]) => `- ${k}: ${v}`), '');
  md.push('## Sizes', '', ...Object.entries(report.sizes).map(([k, v]) => `- ${k}: ${v.toLocaleString('en-US')}`), '');
  return md.join('\n');
}

/** In the repository's Prettier style, so that `prettier --check` passes on committed results. */
export async function prettified(text: string, filepath: string): Promise<string> {
  const options = (await prettier.resolveConfig(filepath)) ?? {};
  return prettier.format(text, { ...options, filepath });
}

/** Writes `results/<date>-event-log.json` and `results/latest.md`; returns their paths. */
export async function writeReport(report: BenchReport, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, `${report.startedAt.slice(0, 10)}-event-log.json`);
  const md = path.join(dir, 'latest.md');
  writeFileSync(json, await prettified(JSON.stringify(report, null, 2), json));
  writeFileSync(md, await prettified(formatMarkdown(report), md));
  return [json, md];
}
