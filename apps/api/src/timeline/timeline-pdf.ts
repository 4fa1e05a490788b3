import type { Principal, TimelineEntryDto, TimelineExport } from '@hilfenetz/contracts';
import PDFDocument from 'pdfkit';
import { eventLabelDe } from './timeline-event-labels.de';

const berlin = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  dateStyle: 'medium',
  timeStyle: 'medium',
});

/** A time as a German reader expects it: Europe/Berlin, with the zone named. */
export function berlinTime(iso: string): string {
  return `${berlin.format(new Date(iso))} (Europe/Berlin)`;
}

/**
 * Values of an event worth printing; sealed personal values only say that they are encrypted. An
 * id with a known name (organisation, contact, person) is printed as "Name (id)".
 */
export function describeData(data: Record<string, unknown>, labels: Record<string, string> = {}): string[] {
  return Object.entries(data).map(([k, v]) => `${k}: ${printable(v, labels)}`);
}

/** "Name (id)" when the id has a name, else the id alone. */
export function named(id: string | null, name: string | null | undefined): string {
  if (id === null) return '–';
  return name ? `${name} (${id})` : id;
}

function printable(v: unknown, labels: Record<string, string>): string {
  if (v && typeof v === 'object' && !Array.isArray(v) && (v as { sealed?: unknown }).sealed === true) {
    return '[verschlüsselt]';
  }
  if (Array.isArray(v)) return `[${v.map((x) => printable(x, labels)).join(', ')}]`;
  if (v && typeof v === 'object') {
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k}: ${printable(x, labels)}`)
      .join(', ')} }`;
  }
  if (typeof v === 'string' && Object.hasOwn(labels, v)) return named(v, labels[v]);
  return v === null || v === undefined ? '–' : String(v);
}

function integrityLine(e: TimelineExport): string {
  const i = e.integrity;
  if (i.ok) return `Hash-Kette geprüft: unversehrt (${i.events} Ereignisse, geprüft ${berlinTime(i.checkedAt)})`;
  return (
    `Hash-Kette geprüft: VERLETZT bei Version ${i.streamVersion} (Ereignis ${i.eventId ?? '–'}, ` +
    `${i.reason}), geprüft ${berlinTime(i.checkedAt)}`
  );
}

function entryLines(e: TimelineEntryDto): string[] {
  return [
    `${berlinTime(e.occurredAt)} – ${eventLabelDe(e.type)} (${e.type})`,
    `Akteur: ${named(e.actor.id, e.actor.displayName)}, Rolle ${e.actor.role}, ` +
      `Organisation ${named(e.actor.organisationId, e.actor.organisationName)}, Version ${e.streamVersion}`,
    ...describeData(e.data, e.labels),
  ];
}

/**
 * The timeline as a PDF for a court: German, times in Europe/Berlin, who exported it and the
 * hash-chain result. Written uncompressed (the text streams stay searchable) and without
 * embedded fonts: pdfkit's standard fonts ship with the package, so nothing is fetched.
 */
export function timelineToPdf(exported: TimelineExport, by: Principal): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: false,
    info: { Title: `Zeitleiste Fall ${exported.caseId}`, Author: 'hilfenetz', Subject: 'Zeitleiste' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(16).text(`Zeitleiste Fall ${exported.caseId}`);
  doc.moveDown(0.5).font('Helvetica').fontSize(10);
  doc.text(`Erstellt am: ${berlinTime(exported.exportedAt)}`);
  doc.text(
    `Exportiert von: ${by.displayName}, Rolle ${by.roles.join(', ')}, Organisation ${by.organisationId}, ` +
      `Nutzer-ID ${by.id}`,
  );
  doc.text(integrityLine(exported));
  doc.text(`Ereignisse: ${exported.entries.length}`);
  doc.text('Personenbezogene Werte sind verschlüsselt gespeichert und werden nur als [verschlüsselt] angezeigt.');
  doc.moveDown();
  for (const entry of exported.entries) {
    const [head, ...rest] = entryLines(entry);
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(head ?? '');
    doc.font('Helvetica').fontSize(9);
    for (const line of rest) doc.text(line, { indent: 12 });
    doc.moveDown(0.5);
  }
  doc.end();
  return done;
}
