import type { Lagebild, Principal } from '@hilfenetz/contracts';
import PDFDocument from 'pdfkit';
import { berlinTime } from '../timeline/timeline-pdf';
import { actionLineDe, lagebildDe as L } from './lagebild-labels.de';

const unknown = (v: string | number | null | undefined) =>
  v === null || v === undefined || v === '' ? '–' : String(v);

/** The report's lines per section: heading and text, in German, as printed. */
export function lagebildLines(r: Lagebild, by: Principal): { heading: string; lines: string[] }[] {
  const c = r.conditions;
  const time = (iso: string) => berlinTime(iso);
  const anonymous = r.audience === 'runder_tisch';
  const head = [
    `Fassung für: ${L.audience[r.audience]}`,
    ...(r.caseId ? [`Fall ${r.caseId}, Krise ${r.crisisId}`] : []),
    `Stand: ${time(r.generatedAt)}`,
    // The Runder Tisch's copy names nobody, not the person who printed it either.
    anonymous
      ? `Erstellt von: ${by.organisationId}`
      : `Erstellt von: ${by.displayName} (${by.id}), ${by.organisationId}`,
    `Stand der Krise: ${L.status[r.status] ?? r.status}`,
    ...(r.personalData === 'erased' ? [`Personenbezogene Daten gelöscht am ${time(r.erasedAt ?? r.generatedAt)}`] : []),
  ];
  const conditions = [
    `Gefährdung: ${L.danger[c.dangerKind]}, Dringlichkeit: ${L.urgency[c.urgency]}`,
    `Ausgelöst: ${time(c.triggeredAt)} durch ${c.triggeredBy.organisation.name}` +
      (c.triggeredBy.displayName !== undefined ? ` – ${unknown(c.triggeredBy.displayName)}` : '') +
      (c.triggeredBy.callbackPhone !== undefined ? `, Rückruf ${unknown(c.triggeredBy.callbackPhone)}` : ''),
  ];
  if (c.youngPersonName !== undefined) conditions.push(`Junger Mensch: ${unknown(c.youngPersonName)}`);
  if (c.dateOfBirth !== undefined) conditions.push(`Geburtsdatum: ${unknown(c.dateOfBirth)}`);
  if (c.ageYears !== undefined) conditions.push(`Alter: ${unknown(c.ageYears)} Jahre`);
  if (c.location !== undefined) conditions.push(`Aufenthaltsort: ${unknown(c.location)}`);
  if (c.situationNote !== undefined) conditions.push(`Lage vor Ort: ${unknown(c.situationNote)}`);
  if (c.guardians !== undefined) {
    conditions.push(
      `Sorgeberechtigte: ${c.guardians === null ? '–' : c.guardians.map((g) => `${g.name} (${L.relation[g.relation] ?? g.relation})`).join(', ') || 'keine erfasst'}`,
    );
  }
  if (c.receivingClinic !== undefined) conditions.push(`Aufnehmende Klinik: ${c.receivingClinic?.name ?? '–'}`);

  const a = r.actions;
  const actions: string[] = [];
  for (const t of a.tasks) {
    actions.push(
      `${L.party[t.party]}: ${t.organisation.name}, ${t.contact.label} – alarmiert ${time(t.alarmedAt)}, ` +
        `${L.taskStatus[t.status]}` +
        (t.acknowledged
          ? ` ${time(t.acknowledged.at)}${t.acknowledged.method ? ` ${L.method[t.acknowledged.method] ?? ''}` : ''}` +
            (t.acknowledged.personName ? ` (${t.acknowledged.personName})` : '')
          : '') +
        (t.escalations > 0 ? `, ${t.escalations}× eskaliert` : ''),
    );
    for (const d of t.deliveries) {
      actions.push(
        `    ${L.channel[d.channel]} an ${d.contact.label}: ${time(d.attemptedAt)}, ${L.outcome[d.outcome]}` +
          (d.outcomeAt ? ` ${time(d.outcomeAt)}` : '') +
          (d.cause ? ` (${L.cause[d.cause] ?? d.cause})` : ''),
      );
    }
    if (t.seenAt) actions.push(`    geöffnet ${time(t.seenAt)}`);
  }
  if (a.ambulance) {
    actions.push(
      `Rettungsdienst: Einsatz gemeldet ${time(a.ambulance.reportedAt)}` +
        (a.ambulance.dispatchReference ? `, Einsatznummer ${a.ambulance.dispatchReference}` : '') +
        `, Ankunft voraussichtlich ${a.ambulance.expectedArrivalAt ? time(a.ambulance.expectedArrivalAt) : '–'}`,
    );
  }
  if (a.admission) {
    actions.push(
      `Aufnahme: ${L.decision[a.admission.decision]}${a.admission.followUp ? `, ${L.followUp[a.admission.followUp]}` : ''} ` +
        `${time(a.admission.decidedAt)}${a.admission.organisation ? `, ${a.admission.organisation.name}` : ''}`,
    );
  }
  if (a.plannedDischarge) actions.push(`Entlassung geplant: ${time(a.plannedDischarge)}`);
  if (a.cancelledAt) actions.push(`Abgebrochen: ${time(a.cancelledAt)}`);

  const n = r.needs;
  const needs = [
    ...n.openTasks.map(
      (t) =>
        `Offen: ${L.party[t.party]} – ${t.organisation.name}, ${t.contact.label}` +
        (t.deadline ? `, Frist ${time(t.deadline)}${t.overdue ? ' (ÜBERSCHRITTEN)' : ''}` : ''),
    ),
    ...n.missedDeadlines.map(
      (m) =>
        `Frist verpasst: ${L.party[m.party]} – ${m.organisation.name}${m.contact ? `, ${m.contact.label}` : ''}, ` +
        `Frist ${time(m.deadline)}, dann ${m.then === 'escalated' ? 'eskaliert' : 'Fachaufsicht alarmiert'} ${time(m.at)}`,
    ),
    ...n.missing.map(
      (g) =>
        `Fehlt: ${L.gap[g.kind]}` +
        (g.organisation ? ` – ${g.organisation.name}` : '') +
        (g.since ? ` (seit ${time(g.since)})` : ''),
    ),
  ];
  return [
    { heading: 'Lagebild', lines: head },
    { heading: 'Lage', lines: conditions },
    { heading: 'Maßnahmen', lines: actions.length > 0 ? actions : ['–'] },
    { heading: 'Bedarf', lines: needs.length > 0 ? needs : ['Nichts offen.'] },
    { heading: 'Verlauf', lines: a.log.map((x) => actionLineDe(x, time)) },
  ];
}

/**
 * The Lagebild as a PDF: German, times in Europe/Berlin, cut for its audience exactly as the JSON
 * (the lines are made from the same report). Uncompressed, standard fonts, as the timeline PDF.
 */
export function lagebildToPdf(r: Lagebild, by: Principal): Promise<Buffer> {
  const title = r.caseId ? `Lagebild Fall ${r.caseId}` : 'Lagebild (Runder Tisch)';
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: false,
    info: { Title: title, Author: 'hilfenetz', Subject: `Lagebild – ${L.audience[r.audience]}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(16).text(title);
  for (const [i, section] of lagebildLines(r, by).entries()) {
    if (i > 0) doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).text(section.heading);
    doc.moveDown(0.2).font('Helvetica').fontSize(9.5);
    for (const line of section.lines) doc.text(line);
  }
  doc.end();
  return done;
}
