import { causeCategoriesOf, defaultCauseCategories } from './cause-categories';
import { defaultDeclineReasonCategories } from '../crisis/decline-reason-categories';
import { buildQualityReport } from './quality-report.aggregate';
import type { TaskQualityFact } from './quality-facts';
import { monthsBetween, reportMonthOf } from './report-month';
import { countCell, median, p90, statisticCell } from './suppression';

const task = (over: Partial<TaskQualityFact> = {}): TaskQualityFact => ({
  month: '2026-11',
  party: 'clinic',
  organisationId: 'org-kjp-st-marien',
  acknowledgementLatencySeconds: null,
  declined: false,
  declineCategory: null,
  escalatedDeadlineMissed: false,
  escalatedDeclined: false,
  escalatedNotReached: false,
  supervisorAlerted: false,
  notificationFallback: false,
  contactNotReached: false,
  guardianUnreachable: false,
  ...over,
});

describe('quality report months', () => {
  it('counts a month in Berlin time, so the night of the 1st belongs to the new month', () => {
    expect(reportMonthOf('2026-11-30T23:30:00.000Z')).toBe('2026-12');
    expect(reportMonthOf('2026-07-31T21:59:00.000Z')).toBe('2026-07');
    expect(reportMonthOf('2026-07-31T22:00:00.000Z')).toBe('2026-08');
  });

  it('lists the months of a period across a year end', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-12', '2026-12')).toEqual(['2026-12']);
  });
});

describe('suppression of small cells (k = 5)', () => {
  it('shows a count of five or more and hides anything below, zero included', () => {
    expect([0, 1, 4, 5, 17].map(countCell)).toEqual(['< 5', '< 5', '< 5', 5, 17]);
  });

  it('computes a statistic only over five or more cases', () => {
    expect(statisticCell([10, 20, 30, 40], median)).toBe('< 5');
    expect(statisticCell([50, 10, 40, 20, 30], median)).toBe(30);
  });

  it('takes nearest-rank percentiles, values that occurred', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(median(sorted)).toBe(5);
    expect(p90(sorted)).toBe(9);
    expect(p90([4, 8, 15, 16, 23])).toBe(23);
  });
});

describe('buildQualityReport', () => {
  const names = new Map([['org-kjp-st-marien', 'KJP St. Marien']]);

  it('aggregates per interface and month, suppressing every cell under five cases', () => {
    const facts = [
      ...[60, 120, 180, 240, 300, 360].map((s) => task({ acknowledgementLatencySeconds: s })),
      task({ declined: true, escalatedDeclined: true }),
      task({ month: '2026-12', acknowledgementLatencySeconds: 30 }),
      task({ party: 'provider', organisationId: 'org-traeger-birkenhof', escalatedDeadlineMissed: true }),
    ];
    const report = buildQualityReport({
      agreementId: 'a',
      from: '2026-11',
      to: '2026-12',
      tasks: facts,
      network: [],
      organisationNames: names,
    });
    expect(report.months).toEqual(['2026-11', '2026-12']);
    expect(report.interfaces.map((i) => [i.party, i.organisationName])).toEqual([
      ['provider', 'org-traeger-birkenhof'],
      ['clinic', 'KJP St. Marien'],
    ]);
    const clinic = report.interfaces[1]!;
    // December's single task is hidden, so the totals of tasks and acknowledgements are too
    // (8 − 7 would give it away); the statistics over seven cases stay.
    expect(clinic.total).toMatchObject({
      tasks: '< 5',
      acknowledged: '< 5',
      latencyMedianSeconds: 180,
      latencyP90Seconds: 360,
    });
    expect(clinic.total.declined).toBe('< 5');
    expect(clinic.byMonth[0]).toMatchObject({ month: '2026-11', tasks: 7, acknowledged: 6, latencyMedianSeconds: 180 });
    expect(clinic.byMonth[1]).toMatchObject({ month: '2026-12', tasks: '< 5', latencyMedianSeconds: '< 5' });
    expect(report.interfaces[0]!.total).toMatchObject({ tasks: '< 5', escalatedDeadlineMissed: '< 5' });
  });

  it('leaves out facts outside the period and counts the network figures', () => {
    const report = buildQualityReport({
      agreementId: 'a',
      from: '2026-12',
      to: '2026-12',
      tasks: [task({ month: '2026-11' })],
      network: [
        ...Array.from({ length: 5 }, () => ({ kind: 'kkg_feedback' as const, month: '2026-12', inTime: true })),
        { kind: 'kkg_feedback', month: '2026-12', inTime: false },
        ...[3, 5, 7, 9, 11].map((days) => ({ kind: 'discharge_to_meeting' as const, month: '2026-12', days })),
        { kind: 'risk_assessment', month: '2026-12', decided: true, lateSteps: 1 },
      ],
      organisationNames: names,
    });
    expect(report.interfaces).toEqual([]);
    expect(report.network.total).toEqual({
      dischargesWithMeeting: 5,
      dischargeToMeetingMedianDays: 7,
      kkgReports: 6,
      kkgFeedbackInTime: 5,
      kkgFeedbackLate: '< 5',
      riskAssessments: '< 5',
      riskAssessmentsDecided: '< 5',
      riskAssessmentsWithLateStep: '< 5',
    });
  });

  it('hides a total that would give away the months it hides (secondary suppression)', () => {
    // November: 6 declines (shown); December: 2 (hidden). Total 8 minus 6 would reveal the 2.
    const declines = (month: string, n: number) => Array.from({ length: n }, () => task({ month, declined: true }));
    const report = buildQualityReport({
      agreementId: 'a',
      from: '2026-11',
      to: '2026-12',
      tasks: [...declines('2026-11', 6), ...declines('2026-12', 2)],
      network: [],
      organisationNames: names,
    });
    const clinic = report.interfaces[0]!;
    expect(clinic.byMonth.map((m) => m.declined)).toEqual([6, '< 5']);
    expect(clinic.total.declined).toBe('< 5');
    expect(clinic.total.tasks).toBe('< 5');
    // Hidden months holding five or more together leave the total shown.
    const wide = buildQualityReport({
      agreementId: 'a',
      from: '2026-10',
      to: '2026-12',
      tasks: [...declines('2026-10', 3), ...declines('2026-11', 6), ...declines('2026-12', 2)],
      network: [],
      organisationNames: names,
    });
    expect(wide.interfaces[0]!.byMonth.map((m) => m.declined)).toEqual(['< 5', 6, '< 5']);
    expect(wide.interfaces[0]!.total.declined).toBe(11);
  });
});

describe('causes per interface (error analysis)', () => {
  const cause = (category: string, month = '2026-11', organisationId = 'org-kjp-st-marien') => ({
    month,
    party: 'clinic' as const,
    organisationId,
    category,
  });

  it('counts the annotated causes of an interface over the period, in the agreement’s order, each cell k = 5', () => {
    const report = buildQualityReport({
      agreementId: 'a',
      from: '2026-11',
      to: '2026-11',
      tasks: [task()],
      network: [],
      organisationNames: new Map(),
      causes: [
        ...Array.from({ length: 5 }, () => cause('no_one_on_duty')),
        cause('technical'),
        // Another interface's and another period's causes do not count here.
        ...Array.from({ length: 5 }, () => cause('technical', '2026-11', 'org-nordklinik')),
        ...Array.from({ length: 5 }, () => cause('technical', '2026-10')),
        // A category the agreement does not name is not shown.
        ...Array.from({ length: 5 }, () => cause('weather')),
      ],
      causeCategories: defaultCauseCategories,
    });
    expect(report.interfaces.find((i) => i.organisationId === 'org-kjp-st-marien')!.causes).toEqual([
      { category: 'contact_data_outdated', label: 'Kontaktdaten veraltet', items: '< 5' },
      { category: 'no_one_on_duty', label: 'Niemand im Dienst', items: 5 },
      { category: 'responsibility_misunderstood', label: 'Zuständigkeit missverstanden', items: '< 5' },
      { category: 'technical', label: 'Technisch', items: '< 5' },
      { category: 'other', label: 'Sonstiges', items: '< 5' },
    ]);
  });

  it('lists an interface with causes but no crisis task: the lead office’s missed §4 KKG / §8a deadlines', () => {
    const report = buildQualityReport({
      agreementId: 'a',
      from: '2026-11',
      to: '2026-11',
      tasks: [task()],
      network: [],
      organisationNames: new Map([['org-jugendamt', 'Jugendamt']]),
      causes: Array.from({ length: 5 }, () => ({
        month: '2026-11',
        party: 'youth_office' as const,
        organisationId: 'org-jugendamt',
        category: 'no_one_on_duty',
      })),
      causeCategories: defaultCauseCategories,
    });
    const office = report.interfaces.find((i) => i.organisationId === 'org-jugendamt')!;
    expect(office.party).toBe('youth_office');
    expect(office.organisationName).toBe('Jugendamt');
    expect(office.causes.find((c) => c.category === 'no_one_on_duty')!.items).toBe(5);
    expect(office.total.tasks).toBe('< 5');
  });

  it('counts an interface’s declines per reason category of the agreement, each cell below five suppressed', () => {
    const report = buildQualityReport({
      agreementId: 'a',
      from: '2026-11',
      to: '2026-11',
      tasks: [
        ...Array.from({ length: 6 }, () => task({ declined: true, declineCategory: 'no_capacity' })),
        ...Array.from({ length: 2 }, () => task({ declined: true, declineCategory: 'not_responsible' })),
        task({ declined: true, declineCategory: null }),
        task(),
      ],
      network: [],
      organisationNames: new Map([['org-kjp-st-marien', 'KJP St. Marien']]),
      declineReasonCategories: defaultDeclineReasonCategories,
    });
    const clinic = report.interfaces[0]!;
    expect(clinic.declineReasons).toEqual([
      { category: 'no_capacity', label: 'Keine Kapazität', declines: 6 },
      { category: 'not_responsible', label: 'Nicht zuständig', declines: '< 5' },
      { category: 'no_one_reachable', label: 'Niemand erreichbar', declines: '< 5' },
      { category: 'medical_reasons', label: 'Medizinische Gründe', declines: '< 5' },
      { category: 'other', label: 'Sonstiges', declines: '< 5' },
    ]);
    expect(clinic.total.declined).toBe(9);
  });

  it('takes the agreement’s own categories when it names them', () => {
    expect(causeCategoriesOf({ qualityCauseCategories: [{ id: 'funkloch', label: 'Funkloch' }] })).toEqual([
      { id: 'funkloch', label: 'Funkloch' },
    ]);
    expect(causeCategoriesOf(null)).toBe(defaultCauseCategories);
  });
});
