import type {
  RiskAssessmentOutcome,
  RiskAssessmentPhase,
  RiskAssessmentStep,
  RiskAssessmentStepStatus,
} from '@hilfenetz/contracts';
import type { Option } from '../../i18n/crisis-terms';
import { texts, useTexts } from '../../i18n/language';

/** The words of the §8a page for steps, states and outcomes (German first; the UI speaks German). */
const T = texts(
  {
    steps: {
      specialist_consultation: 'Beratung durch insoweit erfahrene Fachkraft',
      joint_assessment: 'Gemeinsame Einschätzung (mind. zwei Fachkräfte)',
      family_involvement: 'Beteiligung von Kind und Sorgeberechtigten',
      decision: 'Entscheidung',
      review: 'Überprüfung',
    } satisfies Record<RiskAssessmentStep, string>,
    status: {
      open: 'offen',
      reminded: 'erinnert',
      escalated: 'an Leitung eskaliert',
      done: 'erledigt',
    } satisfies Record<RiskAssessmentStepStatus, string>,
    phase: {
      assessing: 'in Einschätzung',
      decided: 'entschieden',
      closed: 'abgeschlossen',
    } satisfies Record<RiskAssessmentPhase, string>,
    outcomes: [
      { value: 'no_risk', label: 'Keine Gefährdung' },
      { value: 'help_needed', label: 'Hilfebedarf – Hilfe angeboten' },
      { value: 'protective_steps', label: 'Gefährdung – Schutzplan' },
      { value: 'inobhutnahme', label: 'Inobhutnahme (§ 42 SGB VIII)' },
      { value: 'family_court', label: 'Anrufung des Familiengerichts (§ 8a Abs. 2 SGB VIII)' },
    ] as Option<RiskAssessmentOutcome>[],
  },
  {
    steps: {
      specialist_consultation: 'Consultation of the child-protection specialist',
      joint_assessment: 'Joint assessment (at least two professionals)',
      family_involvement: 'Involvement of child and guardians',
      decision: 'Decision',
      review: 'Review',
    } satisfies Record<RiskAssessmentStep, string>,
    status: {
      open: 'open',
      reminded: 'reminded',
      escalated: 'escalated to the supervisor',
      done: 'done',
    } satisfies Record<RiskAssessmentStepStatus, string>,
    phase: { assessing: 'being assessed', decided: 'decided', closed: 'closed' } satisfies Record<
      RiskAssessmentPhase,
      string
    >,
    outcomes: [
      { value: 'no_risk', label: 'No risk' },
      { value: 'help_needed', label: 'Help needed – help offered' },
      { value: 'protective_steps', label: 'Risk – protection plan' },
      { value: 'inobhutnahme', label: 'Taking into care (§ 42 SGB VIII)' },
      { value: 'family_court', label: 'Calling on the family court (§ 8a (2) SGB VIII)' },
    ] as Option<RiskAssessmentOutcome>[],
  },
);

export const useRiskAssessmentTerms = () => useTexts(T);
