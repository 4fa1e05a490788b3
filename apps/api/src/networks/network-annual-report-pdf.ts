import type { AnnualReportFigures } from '@hilfenetz/domain';
import PDFDocument from 'pdfkit';

const weaknessStatusDe: Record<string, string> = {
  open: 'offen',
  to_committee: 'an Gremium',
  adopted_in_agreement: 'in Vereinbarung übernommen',
  resolved: 'erledigt',
};
const goalStatusDe = {
  planned: 'geplant',
  in_progress: 'in Umsetzung',
  achieved: 'erreicht',
  not_achieved: 'nicht erreicht',
};

/**
 * The network's annual report for the committee (Jugendhilfeausschuss) as a PDF (issue 17 part 7,
 * ADR 0039): the year's counts and nothing else — it is made from `AnnualReportFigures`, which
 * holds no name, contact, family, case reference or free text, so it cannot carry more. pdfkit,
 * standard fonts, uncompressed, as the quality report.
 */
export function annualReportToPdf(f: AnnualReportFigures): Promise<Buffer> {
  const title = `Jahresbericht ${f.year}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: false,
    info: { Title: `${title} – ${f.networkName}`, Author: 'hilfenetz', Subject: 'Bericht an den Jugendhilfeausschuss' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const n = (v: number) => v.toLocaleString('de-DE');
  const section = (heading: string, rows: [string, number][]) => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(heading);
    doc.font('Helvetica').fontSize(10);
    for (const [label, value] of rows) doc.text(`${label}: ${n(value)}`);
  };
  doc.font('Helvetica-Bold').fontSize(16).text(title);
  doc.font('Helvetica').fontSize(11).text(f.networkName);
  doc.fontSize(9).text('Nur Anzahlen. Der Bericht enthält keine Namen, Kontaktdaten, Familien oder Aktenzeichen.');
  section('Netzwerkkonferenzen', [['Im Jahr angesetzte Treffen', f.meetings]]);
  section('Partner und Angebote', [
    ['Partner (heute)', f.partners.current],
    ['Im Jahr beigetreten', f.partners.joinedInYear],
    ['Veröffentlichte Angebote', f.offers],
  ]);
  section('Fallberatungen ohne Namen', [
    ['Anfragen', f.consultations.total],
    ['davon an eine Fachkraft (z. B. insoweit erfahrene Fachkraft)', f.consultations.toSpecialists],
    ['als Fallbeispiel für eine Konferenz vorgemerkt', f.consultations.caseExamples],
  ]);
  section('Vermittlungen zwischen Partnern', [
    ['Vermittlungen', f.referrals.total],
    ['angenommen', f.referrals.accepted],
    ['abgelehnt', f.referrals.declined],
    ['offen', f.referrals.open],
    ['Antwortfrist verpasst', f.referrals.deadlineMissed],
  ]);
  section('Register der Schwachstellen und Vorschläge', [
    ['Einträge insgesamt', f.register.total],
    ['im Jahr eingetragen', f.register.recordedInYear],
    ['mit Vorschlag an ein Gremium oder für die Vereinbarung', f.register.proposals],
    ...Object.entries(f.register.byStatus).map(([s, v]): [string, number] => [
      `Status „${weaknessStatusDe[s] ?? s}“`,
      v,
    ]),
  ]);
  section(`Jahresziele ${f.year}`, [
    ['Ziele', f.goals.total],
    ...Object.entries(f.goals.byStatus).map(([s, v]): [string, number] => [
      goalStatusDe[s as keyof typeof goalStatusDe],
      v,
    ]),
  ]);
  doc.end();
  return done;
}
