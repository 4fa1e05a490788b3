import {
  isRiskAssessmentEventType,
  type RiskAssessmentDetail,
  type RiskAssessmentEvent,
  type StoredEvent,
} from '@hilfenetz/contracts';

type Record_ = RiskAssessmentDetail['record'];
/** Opens one free-text value for the reader ("gelöscht" once the key is gone). */
export type OpenText = (value: unknown) => Promise<string>;

/**
 * What was written at each step of one assessment, opened for a reader the API already let in.
 * Pure apart from `open`: it folds the assessment's events of the case stream in order.
 */
export async function riskAssessmentRecord(
  events: readonly StoredEvent[],
  assessmentId: string,
  open: OpenText,
): Promise<Record_> {
  const record: Record_ = {
    concern: '',
    specialist: null,
    jointAssessment: null,
    familyInvolvement: null,
    decision: null,
    review: null,
  };
  const involvement = async (
    i: Extract<RiskAssessmentEvent, { type: 'RiskAssessmentFamilyInvolvementRecorded' }>['data']['guardians'],
  ) =>
    i.involved ? { involved: true as const, at: i.at } : { involved: false as const, reason: await open(i.reason) };
  for (const stored of events) {
    if (!isRiskAssessmentEventType(stored.type)) continue;
    const e = stored as unknown as RiskAssessmentEvent;
    if (e.data.assessmentId !== assessmentId) continue;
    switch (e.type) {
      case 'RiskAssessmentStarted':
        record.concern = await open(e.data.concern);
        break;
      case 'RiskAssessmentSpecialistConsulted':
        record.specialist = {
          name: await open(e.data.specialistName),
          organisation: e.data.specialistOrganisation,
          consultedAt: e.data.consultedAt,
        };
        break;
      case 'RiskAssessmentJointAssessmentRecorded':
        record.jointAssessment = {
          professionals: e.data.professionals,
          assessedAt: e.data.assessedAt,
          assessment: await open(e.data.assessment),
        };
        break;
      case 'RiskAssessmentFamilyInvolvementRecorded':
        record.familyInvolvement = {
          youngPerson: await involvement(e.data.youngPerson),
          guardians: await involvement(e.data.guardians),
        };
        break;
      case 'RiskAssessmentDecided':
        record.decision = {
          outcome: e.data.outcome,
          reason: await open(e.data.reason),
          ...(e.data.helpOffer ? { helpOffer: await open(e.data.helpOffer) } : {}),
          ...(e.data.protectiveSteps
            ? {
                protectiveSteps: await Promise.all(
                  e.data.protectiveSteps.map(async (s) => ({
                    action: await open(s.action),
                    responsible: s.responsible,
                    dueBy: s.dueBy,
                  })),
                ),
              }
            : {}),
          decidedBy: e.data.decidedBy,
          decidedAt: e.data.decidedAt,
        };
        break;
      case 'RiskAssessmentReviewRecorded':
        record.review = { note: await open(e.data.note), reviewedBy: e.data.reviewedBy, reviewedAt: e.data.reviewedAt };
        break;
      default:
        break;
    }
  }
  return record;
}
