import { buildQualityReport, defaultCauseCategories, defaultDeclineReasonCategories } from '@hilfenetz/domain';
import { qualityReportToPdf } from './quality-report-pdf';

/** The shown text of pdfkit's uncompressed content streams (hex strings of TJ operators). */
const pdfText = (pdf: Buffer) =>
  [...pdf.toString('latin1').matchAll(/\[([^\]]*)\]\s*TJ/g)]
    .map((m) =>
      Buffer.from([...(m[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? '').join(''), 'hex').toString(
        'latin1',
      ),
    )
    .join('\n');

describe('qualityReportToPdf', () => {
  it('prints the tables, the suppressed cells and the charts’ months in German', async () => {
    const task = (month: string, latency: number) => ({
      month,
      party: 'clinic' as const,
      organisationId: 'org-kjp',
      acknowledgementLatencySeconds: latency,
      declined: false,
      declineCategory: null,
      escalatedDeadlineMissed: false,
      escalatedDeclined: false,
      escalatedNotReached: false,
      supervisorAlerted: false,
      notificationFallback: false,
      contactNotReached: false,
      guardianUnreachable: false,
    });
    const report = buildQualityReport({
      agreementId: 'a',
      from: '2026-11',
      to: '2026-12',
      tasks: [...Array.from({ length: 6 }, () => task('2026-11', 120)), task('2026-12', 60)],
      network: [],
      organisationNames: new Map([['org-kjp', 'KJP St. Marien']]),
      causes: Array.from({ length: 5 }, () => ({
        month: '2026-11',
        party: 'clinic' as const,
        organisationId: 'org-kjp',
        category: 'no_one_on_duty',
      })),
      causeCategories: defaultCauseCategories,
      declineReasonCategories: defaultDeclineReasonCategories,
    });
    const pdf = await qualityReportToPdf(report);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Qualitätsbericht (anonymisiert)');
    expect(text).toContain('KJP St. Marien');
    expect(text).toContain('Median Auslösung bis Bestätigung (s) je Monat');
    expect(text).toContain('Nov 2026');
    expect(text).toContain('Dez 2026 (< 5)');
    expect(text).toContain('Niemand im Dienst: 5');
    expect(text).toContain('Kontaktdaten veraltet: < 5');
    expect(text).toContain('Ablehnungen nach Grund, Zeitraum');
    expect(text).toContain('Keine Kapazität: < 5');
    expect(text).toContain('120');
  });
});
