import { defaultRiskAssessmentRules, riskAssessmentRulesOf } from '../risk-assessment/risk-assessment.rules';
import { lindenauAgreementV1 } from './lindenau.agreement';

describe('the Lindenau agreement’s §8a clocks', () => {
  it('are written out in the agreement (administrators read them there) and equal the defaults', () => {
    expect(lindenauAgreementV1.riskAssessment).toEqual(defaultRiskAssessmentRules);
    expect(riskAssessmentRulesOf(lindenauAgreementV1)).toEqual(defaultRiskAssessmentRules);
  });
});
