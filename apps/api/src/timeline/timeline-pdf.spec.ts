import { berlinTime, describeData, timelineToPdf } from './timeline-pdf';

describe('timeline PDF', () => {
  it('shows times in Europe/Berlin, summer and winter', () => {
    expect(berlinTime('2026-07-01T10:00:00.000Z')).toBe('01.07.2026, 12:00:00 (Europe/Berlin)');
    expect(berlinTime('2026-01-15T10:00:00.000Z')).toBe('15.01.2026, 11:00:00 (Europe/Berlin)');
  });

  it('prints sealed personal values only as [verschlüsselt], also nested', () => {
    expect(
      describeData({ caseId: 'FALL-1', youngPerson: { sealed: true }, parts: [{ address: { sealed: true } }] }),
    ).toEqual(['caseId: FALL-1', 'youngPerson: [verschlüsselt]', 'parts: [{ address: [verschlüsselt] }]']);
  });

  it('names organisations, contacts and people beside their ids', () => {
    expect(
      describeData(
        { organisationId: 'org-kjp-st-marien', acknowledgedBy: { id: 'u-kjp-0001', role: 'clinic_staff' } },
        { 'org-kjp-st-marien': 'KJP St. Marien', 'u-kjp-0001': 'Herr Nowak' },
      ),
    ).toEqual([
      'organisationId: KJP St. Marien (org-kjp-st-marien)',
      'acknowledgedBy: { id: Herr Nowak (u-kjp-0001), role: clinic_staff }',
    ]);
  });

  it('renders a PDF document', async () => {
    const pdf = await timelineToPdf(
      {
        caseId: 'FALL-1',
        exportedAt: '2026-07-01T10:00:00.000Z',
        entries: [],
        sla: { parties: [], tasks: [] },
        integrity: { ok: true, events: 0, checkedAt: '2026-07-01T10:00:00.000Z' },
      },
      { id: 'u-1', roles: ['supervisor'], organisationId: 'org-1', displayName: 'Leitung' },
    );
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
