import { useEffect, useRef, useState, type FormEvent } from 'react';
import { apiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { ApiErrorAlert } from '../components/api-error-alert';
import { Button } from '../components/button';
import { GUARDIAN_FIELDS, useGuardianProblemTexts, type GuardianField } from '../components/guardian-fields';
import { focusFirstInvalid, mapFieldErrors } from '../forms/map-field-errors';
import { usePageTitle } from '../hooks/use-page-title';
import { texts, useTexts } from '../i18n/language';
import { navigate } from '../routing/navigation';
import { paths } from '../routing/routes';
import {
  API_FIELDS,
  draftProblems,
  emptyDraft,
  registrationOf,
  type CaseProblem,
  type Draft,
  type Field,
  type Missing,
} from './register-case/case-draft';
import { CaseSection } from './register-case/case.section';
import { GuardiansSection } from './register-case/guardians.section';
import { YoungPersonSection } from './register-case/young-person.section';

const T = texts(
  {
    title: 'Fall anlegen',
    lead: 'Legt einen Fall mit pseudonymer Referenz an. Die Angaben zum jungen Menschen und zu den Sorgeberechtigten werden nur verschlüsselt gespeichert und mit dem jungen Menschen gelöscht.',
    failed: 'Der Fall wurde nicht angelegt',
    retry: 'Bitte in einem Moment erneut senden.',
    caseRefMissing: 'Bitte eine Fall-Referenz angeben: 3 bis 64 Zeichen, Buchstaben, Ziffern und Bindestriche.',
    givenNameMissing: 'Bitte den Vornamen angeben.',
    familyNameMissing: 'Bitte den Nachnamen angeben.',
    dateOfBirthMissing: 'Bitte das Geburtsdatum angeben.',
    dateOfBirthFuture: 'Das Geburtsdatum darf nicht in der Zukunft liegen.',
    submitting: 'Fall wird angelegt …',
    submit: 'Fall anlegen',
  },
  {
    title: 'Register a case',
    lead: 'Registers a case under a pseudonymous reference. The details of the young person and the legal guardians are stored encrypted only and erased with the young person.',
    failed: 'The case was not registered',
    retry: 'Please send again in a moment.',
    caseRefMissing: 'Please enter a case reference: 3 to 64 characters, letters, digits and hyphens.',
    givenNameMissing: 'Please enter the first name.',
    familyNameMissing: 'Please enter the last name.',
    dateOfBirthMissing: 'Please enter the date of birth.',
    dateOfBirthFuture: 'The date of birth cannot be in the future.',
    submitting: 'Registering case …',
    submit: 'Register case',
  },
);

/** The caseworker registers a case: pseudonymous reference, young person, Träger, 0–4 guardians. */
export function RegisterCasePage() {
  const t = useTexts(T);
  const guardianTexts = useGuardianProblemTexts();
  usePageTitle(t.title);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [missing, setMissing] = useState<Missing>({});
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [focusErrors, setFocusErrors] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (focusErrors) focusFirstInvalid(formRef.current);
  }, [focusErrors]);

  const set =
    <K extends keyof Draft>(key: K) =>
    (v: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: v }));

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (submitting) return;
    const found = draftProblems(draft);
    setFailure(null);
    setMissing(found);
    if (Object.keys(found).length > 0) {
      setFocusErrors((n) => n + 1);
      return;
    }
    setSubmitting(true);
    try {
      const registered = await apiClient.registerCase(registrationOf(draft));
      navigate(paths.caseFile(registered.caseId, true));
    } catch (err) {
      setFailure({ error: err });
      setSubmitting(false);
      if (err instanceof ApiError && (err.kind === 'invalid' || err.kind === 'conflict')) setFocusErrors((n) => n + 1);
    }
  };

  const mapped = failure ? mapFieldErrors<Field>(failure.error, API_FIELDS) : null;
  /** Problems worded in the current language: kept as keys, worded when shown. */
  const word = (key: CaseProblem | `guardian:${string}`): string =>
    key.startsWith('guardian:')
      ? guardianTexts[key.slice('guardian:'.length) as keyof typeof guardianTexts]
      : t[key as CaseProblem];
  const errors: Partial<Record<Field, string>> = mapped
    ? mapped.byField
    : Object.fromEntries(Object.entries(missing).map(([f, k]) => [f, k ? word(k) : undefined]));
  const guardianErrors = (i: number): Partial<Record<GuardianField, string>> =>
    Object.fromEntries(GUARDIAN_FIELDS.map((f) => [f, errors[`g${i}.${f}`]]).filter(([, v]) => v));

  return (
    <>
      <h1 tabIndex={-1}>{t.title}</h1>
      <p className="lead">{t.lead}</p>

      {failure && (
        <ApiErrorAlert error={failure.error} title={t.failed} details={mapped?.other ?? []} retryHint={t.retry} />
      )}

      <form ref={formRef} className="form" onSubmit={(e) => void submit(e)} noValidate>
        <CaseSection draft={draft} set={set} errors={errors} disabled={submitting} />
        <YoungPersonSection draft={draft} set={set} errors={errors} disabled={submitting} />

        <GuardiansSection
          guardians={draft.guardians}
          onChange={(update) => setDraft((d) => ({ ...d, guardians: update(d.guardians) }))}
          errorsOf={guardianErrors}
          onRemoved={() => setMissing({})}
          disabled={submitting}
        />

        <div className="form__actions">
          <Button type="submit" variant="primary" isDisabled={submitting}>
            {submitting ? t.submitting : t.submit}
          </Button>
        </div>
      </form>
    </>
  );
}
