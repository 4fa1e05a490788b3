import { z } from 'zod';
import { crisisParties } from '../workflow/cooperation-agreement';

/*
 * The anonymised quality report for the Runder Tisch (issue 18 §3, docs/adr/0029): counts and
 * statistics per interface (party and organisation) and per calendar month, never a case, a person,
 * free text or an exact time. Every cell resting on fewer than five cases reads "< 5".
 */

/** What a suppressed cell shows instead of its number. */
export const suppressedCell = '< 5' as const;
export const qualityCell = z.union([z.number().int().min(0), z.literal(suppressedCell)]);
export type QualityCell = z.infer<typeof qualityCell>;

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A calendar month: the finest period the report knows (a shorter one is refused). */
const calendarMonth = z
  .string()
  .regex(monthPattern, 'must be a calendar month YYYY-MM: periods shorter than a month are not reported');

/** Only two well-formed months are compared: a malformed one has its own error already. */
const inOrder = (q: { from: string; to: string }) =>
  !monthPattern.test(q.from) || !monthPattern.test(q.to) || q.from <= q.to;

export const qualityReportQuery = z
  .object({
    from: calendarMonth,
    to: calendarMonth,
    agreementId: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'must be an agreement id'),
  })
  .strict()
  .refine(inOrder, { path: ['to'], message: 'must not be before from' });
export type QualityReportQuery = z.infer<typeof qualityReportQuery>;

export const qualityReportExportQuery = z
  .object({
    from: calendarMonth,
    to: calendarMonth,
    agreementId: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'must be an agreement id'),
    format: z.enum(['csv', 'json', 'pdf']).default('csv'),
  })
  .strict()
  .refine(inOrder, { path: ['to'], message: 'must not be before from' });
export type QualityReportExportQuery = z.infer<typeof qualityReportExportQuery>;

/**
 * One interface's figures for a period or a month. Counts are of crisis tasks (cases), not of
 * events: a task escalated twice for a missed deadline counts once under `escalatedDeadlineMissed`.
 */
export const interfaceFigures = z
  .object({
    tasks: qualityCell,
    acknowledged: qualityCell,
    /** Trigger → acknowledgement, in seconds, over the acknowledged tasks. */
    latencyMedianSeconds: qualityCell,
    latencyP90Seconds: qualityCell,
    declined: qualityCell,
    escalatedDeadlineMissed: qualityCell,
    escalatedDeclined: qualityCell,
    escalatedNotReached: qualityCell,
    supervisorAlerted: qualityCell,
    /** A channel's message did not arrive and the next channel or contact was tried. */
    notificationFallback: qualityCell,
    /** Every channel of a contact failed. */
    contactNotReached: qualityCell,
    guardianUnreachable: qualityCell,
  })
  .strict();
export type InterfaceFigures = z.infer<typeof interfaceFigures>;

/** Figures of the network as a whole (the lead offices of the agreement), per period or month. */
export const networkFigures = z
  .object({
    /** Discharge announced → first Hilfeplanung meeting scheduled, in whole days. */
    dischargesWithMeeting: qualityCell,
    dischargeToMeetingMedianDays: qualityCell,
    kkgReports: qualityCell,
    kkgFeedbackInTime: qualityCell,
    kkgFeedbackLate: qualityCell,
    riskAssessments: qualityCell,
    riskAssessmentsDecided: qualityCell,
    /** Assessments with at least one step past its deadline (a reminder went out). */
    riskAssessmentsWithLateStep: qualityCell,
  })
  .strict();
export type NetworkFigures = z.infer<typeof networkFigures>;

const month = z.string().regex(/^\d{4}-\d{2}$/);

export const qualityReportDto = z
  .object({
    agreementId: z.string(),
    from: month,
    to: month,
    /** The threshold below which a cell is suppressed. */
    minimumCases: z.number().int(),
    months: z.array(month),
    interfaces: z.array(
      z
        .object({
          party: z.enum(crisisParties),
          organisationId: z.string(),
          organisationName: z.string(),
          total: interfaceFigures,
          /** The lead offices' cause annotations of this interface's items over the period, per category. */
          causes: z.array(z.object({ category: z.string(), label: z.string(), items: qualityCell }).strict()),
          /** This interface's declined tasks over the period, per decline reason category of the agreement. */
          declineReasons: z.array(
            z.object({ category: z.string(), label: z.string(), declines: qualityCell }).strict(),
          ),
          byMonth: z.array(z.object({ month }).merge(interfaceFigures).strict()),
        })
        .strict(),
    ),
    network: z
      .object({
        total: networkFigures,
        byMonth: z.array(z.object({ month }).merge(networkFigures).strict()),
      })
      .strict(),
  })
  .strict();
export type QualityReport = z.infer<typeof qualityReportDto>;
