import { buildQualityReport, defaultDeclineReasonCategories } from '@hilfenetz/domain';
import { qualityReportToCsv } from './quality-report-csv';

describe('qualityReportToCsv', () => {
  it('writes one figure a row, suppressed cells as "< 5", totals and months', () => {
    const report = buildQualityReport({
      agreementId: 'a',
      from: '2026-12',
      to: '2026-12',
      tasks: Array.from({ length: 5 }, () => ({
        month: '2026-12',
        party: 'clinic' as const,
        organisationId: 'org-kjp',
        acknowledgementLatencySeconds: 90,
        declined: false,
        declineCategory: null,
        escalatedDeadlineMissed: false,
        escalatedDeclined: false,
        escalatedNotReached: false,
        supervisorAlerted: false,
        notificationFallback: false,
        contactNotReached: false,
        guardianUnreachable: false,
      })),
      network: [],
      organisationNames: new Map([['org-kjp', 'KJP, St. Marien']]),
    });
    const lines = qualityReportToCsv(report).trimEnd().split('\r\n');
    expect(lines[0]).toBe('scope,party,organisationId,organisationName,month,figure,value');
    expect(lines).toContain('interface,clinic,org-kjp,"KJP, St. Marien",total,latencyMedianSeconds,90');
    expect(lines).toContain('interface,clinic,org-kjp,"KJP, St. Marien",2026-12,declined,< 5');
    expect(lines).toContain('network,,,,2026-12,kkgReports,< 5');
    expect(lines).toHaveLength(1 + 2 * 12 + 2 * 8);
  });
  it('writes the declines per reason category as period totals, suppressed below five', () => {
    const report = buildQualityReport({
      agreementId: 'a',
      from: '2026-12',
      to: '2026-12',
      tasks: Array.from({ length: 5 }, () => ({
        month: '2026-12',
        party: 'clinic' as const,
        organisationId: 'org-kjp',
        acknowledgementLatencySeconds: null,
        declined: true,
        declineCategory: 'no_capacity',
        escalatedDeadlineMissed: false,
        escalatedDeclined: true,
        escalatedNotReached: false,
        supervisorAlerted: false,
        notificationFallback: false,
        contactNotReached: false,
        guardianUnreachable: false,
      })),
      network: [],
      organisationNames: new Map([['org-kjp', 'KJP']]),
      declineReasonCategories: defaultDeclineReasonCategories,
    });
    const lines = qualityReportToCsv(report).trimEnd().split('\r\n');
    expect(lines).toContain('interface,clinic,org-kjp,KJP,total,decline:no_capacity,5');
    expect(lines).toContain('interface,clinic,org-kjp,KJP,total,decline:medical_reasons,< 5');
  });
});
