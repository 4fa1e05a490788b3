import { ApiError } from '../../api/api-error';
import { pick, texts } from '../../i18n/language';

/** German (and English) words for what the API refused in a §8a step: by refusal code, then by field. */
const T = texts(
  {
    codes: {
      'risk_assessment.one_professional': 'Mindestens zwei Fachkräfte schätzen gemeinsam ein (§ 8a Abs. 1 SGB VIII).',
      'risk_assessment.joint_assessment_required': 'Zuerst die gemeinsame Einschätzung festhalten.',
      'risk_assessment.family_involvement_required':
        'Zuerst festhalten, wie Kind und Sorgeberechtigte beteiligt wurden (oder warum nicht).',
      'risk_assessment.specialist_required':
        'Ein Träger entscheidet erst nach Beratung durch die insoweit erfahrene Fachkraft (§ 8a Abs. 4 SGB VIII).',
      'risk_assessment.reason_required': 'Jede Entscheidung braucht eine Begründung.',
      'risk_assessment.help_offer_required': 'Bitte die angebotene Hilfe nennen.',
      'risk_assessment.protective_steps_required': 'Bitte mindestens eine Schutzmaßnahme festhalten.',
      'risk_assessment.review_in_past': 'Die Überprüfung muss in der Zukunft liegen.',
      'risk_assessment.decided': 'Die Gefährdungseinschätzung ist bereits entschieden.',
      'risk_assessment.already_recorded': 'Dieser Schritt ist bereits festgehalten.',
      'risk_assessment.closed': 'Die Gefährdungseinschätzung ist abgeschlossen.',
    } as Record<string, string>,
    fields: {
      'body.professionals': 'Mindestens zwei verschiedene Fachkräfte eintragen (§ 8a Abs. 1 SGB VIII).',
      'body.reason': 'Bitte eine Begründung angeben (mindestens drei Zeichen).',
      'body.helpOffer': 'Bitte die angebotene Hilfe nennen.',
      'body.protectiveSteps': 'Bitte mindestens eine Schutzmaßnahme mit Verantwortlichen und Datum festhalten.',
      'body.concern': 'Bitte die Anhaltspunkte beschreiben (mindestens drei Zeichen).',
      'body.assessment': 'Bitte die Einschätzung beschreiben (mindestens drei Zeichen).',
      'body.youngPerson.reason': 'Bitte den Grund nennen, warum das Kind nicht beteiligt wurde.',
      'body.guardians.reason': 'Bitte den Grund nennen, warum die Sorgeberechtigten nicht beteiligt wurden.',
    } as Record<string, string>,
    other: (field: string) => `Ungültige Angabe (${field}).`,
  },
  {
    codes: {
      'risk_assessment.one_professional': 'At least two professionals assess together (§ 8a (1) SGB VIII).',
      'risk_assessment.joint_assessment_required': 'Record the joint assessment first.',
      'risk_assessment.family_involvement_required':
        'Record first how the child and the guardians were involved (or why not).',
      'risk_assessment.specialist_required':
        'A care provider decides only after consulting the child-protection specialist (§ 8a (4) SGB VIII).',
      'risk_assessment.reason_required': 'Every decision needs a reason.',
      'risk_assessment.help_offer_required': 'Please name the help offered.',
      'risk_assessment.protective_steps_required': 'Please record at least one protective step.',
      'risk_assessment.review_in_past': 'The review must lie in the future.',
      'risk_assessment.decided': 'The risk assessment is already decided.',
      'risk_assessment.already_recorded': 'This step is already recorded.',
      'risk_assessment.closed': 'The risk assessment is closed.',
    } as Record<string, string>,
    fields: {
      'body.professionals': 'Enter at least two different professionals (§ 8a (1) SGB VIII).',
      'body.reason': 'Please give a reason (at least three characters).',
      'body.helpOffer': 'Please name the help offered.',
      'body.protectiveSteps': 'Please record at least one protective step with responsible and date.',
      'body.concern': 'Please describe the indications (at least three characters).',
      'body.assessment': 'Please describe the assessment (at least three characters).',
      'body.youngPerson.reason': 'Please say why the child was not involved.',
      'body.guardians.reason': 'Please say why the guardians were not involved.',
    } as Record<string, string>,
    other: (field: string) => `Invalid entry (${field}).`,
  },
);

/** Each problem of a refused step in words: the workflow's refusal code, or the field the API names. */
export function refusalDetails(err: unknown): string[] {
  if (!(err instanceof ApiError)) return [];
  const t = pick(T);
  return err.fieldErrors.map(({ field, reason }) => {
    const base = field.replace(/\.\d+(?=\.|$)/g, '');
    return t.codes[reason] ?? t.fields[field] ?? t.fields[base] ?? t.other(field);
  });
}
