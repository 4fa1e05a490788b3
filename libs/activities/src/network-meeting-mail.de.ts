import type { MeetingMailPurpose, NetworkMeetingScheduledData } from '@hilfenetz/contracts';
import ical from 'ical-generator';
import PDFDocument from 'pdfkit';

const when = (iso: string) =>
  new Date(iso).toLocaleString('de-DE', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Berlin' });

/** The words of a meeting's mail (German), with the calendar entry or the minutes as attachment. */
export function meetingMailText(
  purpose: MeetingMailPurpose,
  m: NetworkMeetingScheduledData,
  networkName: string,
  agenda: string[],
  link: string,
): { subject: string; text: string; short: string } {
  const place = m.room ? `Ort: ${m.room}\n` : '';
  const items = agenda.length > 0 ? `\nTagesordnung:\n${agenda.map((a, i) => `${i + 1}. ${a}`).join('\n')}\n` : '';
  if (purpose === 'minutes') {
    return {
      subject: `Protokoll: ${m.title} (${networkName})`,
      text: `Guten Tag,\n\nim Anhang finden Sie das freigegebene Protokoll des Treffens „${m.title}“ vom ${when(m.startsAt)}.\n\nIm Netzwerk: ${link}\n\nIhre Koordinierungsstelle`,
      short: `Protokoll ${m.title} versandt`,
    };
  }
  const lead =
    purpose === 'invitation'
      ? `Sie sind herzlich zum Treffen „${m.title}“ des ${networkName} eingeladen.`
      : `Wir erinnern an das Treffen „${m.title}“ des ${networkName}.`;
  const topics =
    purpose === 'invitation'
      ? `\nThemen können Sie bis ${when(m.topicsDueAt)} vorschlagen und abstimmen: ${link}\n`
      : `\nAlles zum Treffen: ${link}\n`;
  return {
    subject: `${purpose === 'invitation' ? 'Einladung' : 'Erinnerung'}: ${m.title} am ${when(m.startsAt)}`,
    text: `Guten Tag,\n\n${lead}\n\nBeginn: ${when(m.startsAt)}\nEnde: ${when(m.endsAt)}\n${place}${items}${topics}\nDen Termin finden Sie als Kalendereintrag im Anhang.\n\nIhre Koordinierungsstelle`,
    short: `${m.title} am ${when(m.startsAt)}`,
  };
}

/** The calendar entry (RFC 5545): the same UID in invitation and reminder, so a calendar updates it. */
export function meetingCalendar(m: NetworkMeetingScheduledData, networkName: string, link: string): string {
  const cal = ical({ name: networkName, prodId: { company: 'hilfenetz', product: 'netzwerktreffen', language: 'DE' } });
  cal.method('REQUEST' as never);
  cal.createEvent({
    id: `${m.meetingId}@hilfenetz`,
    start: new Date(m.startsAt),
    end: new Date(m.endsAt),
    summary: m.title,
    ...(m.room ? { location: m.room } : {}),
    description: `Treffen des ${networkName}. ${link}`,
    url: link,
  });
  return cal.toString();
}

/** The approved minutes as PDF (pdfkit, standard fonts, as the other PDFs of hilfenetz). */
export function minutesPdf(m: NetworkMeetingScheduledData, networkName: string, present: string[], text: string) {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Protokoll: ${m.title}`, Author: 'hilfenetz' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(16).text(`Protokoll: ${m.title}`);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(`${networkName} – ${when(m.startsAt)}${m.room ? `, ${m.room}` : ''}`);
  doc.moveDown().text(`Anwesend: ${present.length > 0 ? present.join(', ') : '–'}`);
  doc.moveDown().fontSize(11).text(text);
  doc.end();
  return done;
}
