import type { QualityCell, QualityReport } from '@hilfenetz/contracts';
import { csvField } from '../timeline/timeline-csv';

export const QUALITY_CSV_COLUMNS = ['scope', 'party', 'organisationId', 'organisationName', 'month', 'figure', 'value'];

/**
 * The report in long form, one figure a row (month `total` for the whole period), so that a
 * spreadsheet can pivot it; a suppressed cell reads "< 5" here too. Nothing the JSON does not carry.
 */
export function qualityReportToCsv(report: QualityReport): string {
  const rows: (string | number)[][] = [];
  const figures = (prefix: (string | number)[], month: string, cells: Record<string, QualityCell | string>) => {
    for (const [figure, value] of Object.entries(cells)) {
      if (figure !== 'month') rows.push([...prefix, month, figure, value]);
    }
  };
  for (const i of report.interfaces) {
    const prefix = ['interface', i.party, i.organisationId, i.organisationName];
    figures(prefix, 'total', i.total);
    for (const c of i.causes) rows.push([...prefix, 'total', `cause:${c.category}`, c.items]);
    for (const d of i.declineReasons) rows.push([...prefix, 'total', `decline:${d.category}`, d.declines]);
    for (const m of i.byMonth) figures(prefix, m.month, m);
  }
  figures(['network', '', '', ''], 'total', report.network.total);
  for (const m of report.network.byMonth) figures(['network', '', '', ''], m.month, m);
  return [QUALITY_CSV_COLUMNS, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
