import type { QualityCell, QualityReport } from '@hilfenetz/contracts';
import PDFDocument from 'pdfkit';
import { lagebildDe } from '../lagebild/lagebild-labels.de';
import { interfaceFiguresDe, monthDe, networkFiguresDe } from './quality-report-labels.de';

type Doc = InstanceType<typeof PDFDocument>;

const cellText = (v: QualityCell | undefined) =>
  v === undefined ? '–' : typeof v === 'number' ? v.toLocaleString('de-DE') : v;

/** At most this many months side by side; a longer period continues in a second table. */
const MONTHS_PER_TABLE = 12;

/**
 * The anonymised quality report as a PDF for the Runder Tisch (issue 18 §3): the same figures as
 * the JSON and CSV — nothing else goes in, so it names no case, person or free text either — as
 * tables per interface and the network, and per interface the monthly trend of the handoff latency
 * (median) and of the tasks as charts; suppressed months ("< 5") are gaps, never zero. pdfkit,
 * standard fonts, uncompressed, as the timeline and Lagebild PDFs.
 */
export function qualityReportToPdf(report: QualityReport): Promise<Buffer> {
  const title = 'Qualitätsbericht (anonymisiert)';
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 40,
    compress: false,
    info: { Title: title, Author: 'hilfenetz', Subject: `Runder Tisch – ${report.agreementId}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(16).text(title);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(
      `Vereinbarung ${report.agreementId}, ${monthDe(report.from)} bis ${monthDe(report.to)}. ` +
        `Jede Zelle mit weniger als ${report.minimumCases} Fällen ist unterdrückt ("< ${report.minimumCases}").`,
    );

  for (const i of report.interfaces) {
    doc.addPage();
    doc.font('Helvetica-Bold').fontSize(13).text(`${lagebildDe.party[i.party]} – ${i.organisationName}`);
    const monthly = (key: (typeof interfaceFiguresDe)[number][0]) =>
      i.byMonth.map((m) => ({ month: m.month, value: m[key] }));
    const chartTop = doc.y + 6;
    chart(
      doc,
      40,
      chartTop,
      360,
      120,
      'Median Auslösung bis Bestätigung (s) je Monat',
      monthly('latencyMedianSeconds'),
    );
    chart(doc, 440, chartTop, 360, 120, 'Aufgaben je Monat', monthly('tasks'));
    doc.x = 40;
    doc.y = chartTop + 150;
    table(
      doc,
      report.months,
      interfaceFiguresDe.map(([key, label]) => ({
        label,
        total: i.total[key],
        byMonth: new Map(i.byMonth.map((m) => [m.month, m[key]])),
      })),
    );
    if (i.causes.length > 0) {
      doc.moveDown(0.6).font('Helvetica-Bold').fontSize(10).text('Ursachen (Fehleranalyse der Federführung), Zeitraum');
      doc.font('Helvetica').fontSize(9);
      for (const c of i.causes) doc.text(`${c.label}: ${cellText(c.items)}`);
    }
    if (i.declineReasons.length > 0) {
      doc.moveDown(0.6).font('Helvetica-Bold').fontSize(10).text('Ablehnungen nach Grund, Zeitraum');
      doc.font('Helvetica').fontSize(9);
      for (const d of i.declineReasons) doc.text(`${d.label}: ${cellText(d.declines)}`);
    }
  }

  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(13).text('Netzwerk: § 4 KKG, § 8a, Hilfeplanung');
  const top = doc.y + 6;
  chart(
    doc,
    40,
    top,
    360,
    120,
    '§ 4 KKG: Rückmeldung fristgerecht je Monat',
    report.network.byMonth.map((m) => ({ month: m.month, value: m.kkgFeedbackInTime })),
  );
  chart(
    doc,
    440,
    top,
    360,
    120,
    'Entlassung bis Hilfeplangespräch, Median (Tage)',
    report.network.byMonth.map((m) => ({ month: m.month, value: m.dischargeToMeetingMedianDays })),
  );
  doc.x = 40;
  doc.y = top + 150;
  table(
    doc,
    report.months,
    networkFiguresDe.map(([key, label]) => ({
      label,
      total: report.network.total[key],
      byMonth: new Map(report.network.byMonth.map((m) => [m.month, m[key]])),
    })),
  );
  doc.end();
  return done;
}

interface Row {
  label: string;
  total: QualityCell;
  byMonth: ReadonlyMap<string, QualityCell>;
}

/** Figures down, Gesamt and the months across; twelve months a table. */
function table(doc: Doc, months: readonly string[], rows: readonly Row[]): void {
  const labelWidth = 210;
  for (let start = 0; start < Math.max(months.length, 1); start += MONTHS_PER_TABLE) {
    const shown = months.slice(start, start + MONTHS_PER_TABLE);
    const colWidth = Math.min(60, (doc.page.width - 80 - labelWidth) / (shown.length + 1));
    const line = (cells: string[], bold: boolean) => {
      if (doc.y > doc.page.height - 60) doc.addPage();
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
      doc.text(cells[0] ?? '', 40, y, { width: labelWidth, lineBreak: false });
      cells.slice(1).forEach((c, k) => {
        doc.text(c, 40 + labelWidth + k * colWidth, y, { width: colWidth - 4, align: 'right', lineBreak: false });
      });
      doc.x = 40;
      doc.y = y + 12;
    };
    line(['', 'Gesamt', ...shown.map(monthDe)], true);
    for (const r of rows) line([r.label, cellText(r.total), ...shown.map((m) => cellText(r.byMonth.get(m)))], false);
    doc.moveDown(0.5);
  }
}

/**
 * A monthly trend as a line with points; a suppressed month is a gap in the line (its figure
 * must not be guessed from the drawing either).
 */
function chart(
  doc: Doc,
  x: number,
  y: number,
  width: number,
  height: number,
  title: string,
  points: readonly { month: string; value: QualityCell }[],
): void {
  doc.font('Helvetica-Bold').fontSize(9).text(title, x, y, { width, lineBreak: false });
  const top = y + 14;
  const plotHeight = height - 30;
  const values = points.map((p) => (typeof p.value === 'number' ? p.value : null));
  const max = Math.max(1, ...values.filter((v): v is number => v !== null));
  doc.save().lineWidth(0.5).strokeColor('#888888');
  doc
    .moveTo(x, top)
    .lineTo(x, top + plotHeight)
    .lineTo(x + width, top + plotHeight)
    .stroke();
  doc.restore();
  doc
    .font('Helvetica')
    .fontSize(7)
    .text(max.toLocaleString('de-DE'), x - 2, top - 3, { width: 0.1, align: 'right' });
  const step = points.length > 1 ? width / (points.length - 1) : 0;
  const at = (k: number, v: number) => ({
    px: x + (points.length > 1 ? k * step : width / 2),
    py: top + plotHeight - (v / max) * plotHeight,
  });
  doc.save().lineWidth(1.5).strokeColor('#1d4f91').fillColor('#1d4f91');
  let drawing = false;
  values.forEach((v, k) => {
    if (v === null) {
      drawing = false;
      return;
    }
    const { px, py } = at(k, v);
    if (drawing) doc.lineTo(px, py).stroke();
    doc.circle(px, py, 2).fill();
    doc.moveTo(px, py);
    drawing = true;
  });
  doc.restore();
  const every = Math.ceil(points.length / 12);
  doc.font('Helvetica').fontSize(7).fillColor('black');
  points.forEach((p, k) => {
    if (k % every !== 0) return;
    const px = x + (points.length > 1 ? k * step : width / 2);
    doc.text(`${monthDe(p.month)}${typeof p.value === 'number' ? '' : ' (< 5)'}`, px - 25, top + plotHeight + 4, {
      width: 50,
      align: 'center',
      lineBreak: false,
    });
  });
}
