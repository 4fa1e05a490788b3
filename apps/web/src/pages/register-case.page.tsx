import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { RegisterCaseRequest } from '@hilfenetz/contracts';
import { apiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { ApiErrorAlert } from '../components/api-error-alert';
import { Button } from '../components/button';
import {
  GUARDIAN_FIELDS,
  guardianDetailsOf,
  MAX_GUARDIANS,
  guardianProblems,
  useGuardianProblemTexts,
  type GuardianDraft,
  type GuardianField,
} from '../components/guardian-fields';
import { SelectField } from '../components/select-field';
import { TextField } from '../components/text-field';
import { focusFirstInvalid, mapFieldErrors } from '../forms/map-field-errors';
import { usePageTitle } from '../hooks/use-page-title';
import { texts, useTexts } from '../i18n/language';
import { navigate } from '../routing/navigation';
import { paths } from '../routing/routes';
import { GuardiansSection } from './register-case/guardians.section';

const NO_PROVIDER = 'kein-traeger';

type CaseField = 'caseId' | 'givenName' | 'familyName' | 'dateOfBirth' | 'address' | 'provider';
/** A guardian's field is named `g<index>.<field>`. */
type Field = CaseField | `g${number}.${GuardianField}`;

const API_FIELDS: Record<string, Field> = {
  'body.caseId': 'caseId',
  'body.youngPerson.givenName': 'givenName',
  'body.youngPerson.familyName': 'familyName',
  'body.youngPerson.dateOfBirth': 'dateOfBirth',
  'body.youngPerson.address': 'address',
  'body.careProviderOrganisationId': 'provider',
};
for (let i = 0; i < MAX_GUARDIANS; i++) {
  for (const f of GUARDIAN_FIELDS) API_FIELDS[`body.guardians.${i}.${f}`] = `g${i}.${f}`;
}

const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/;

const T = texts(
  {
    title: 'Fall anlegen',
    lead: 'Legt einen Fall mit pseudonymer Referenz an. Die Angaben zum jungen Menschen und zu den Sorgeberechtigten werden nur verschlüsselt gespeichert und mit dem jungen Menschen gelöscht.',
    failed: 'Der Fall wurde nicht angelegt',
    retry: 'Bitte in einem Moment erneut senden.',
    caseSection: 'Fall',
    caseRef: 'Fall-Referenz',
    caseRefHint: 'Pseudonyme Kennung aus der Fallakte, z. B. F-2025-0142. Bitte keine Namen eingeben.',
    caseRefMissing: 'Bitte eine Fall-Referenz angeben: 3 bis 64 Zeichen, Buchstaben, Ziffern und Bindestriche.',
    personSection: 'Junger Mensch',
    givenName: 'Vorname',
    familyName: 'Nachname',
    dateOfBirth: 'Geburtsdatum',
    address: 'Anschrift (optional)',
    addressHint: 'Wo der junge Mensch gemeldet ist oder lebt, z. B. die Wohngruppe.',
    givenNameMissing: 'Bitte den Vornamen angeben.',
    familyNameMissing: 'Bitte den Nachnamen angeben.',
    dateOfBirthMissing: 'Bitte das Geburtsdatum angeben.',
    dateOfBirthFuture: 'Das Geburtsdatum darf nicht in der Zukunft liegen.',
    provider: 'Träger',
    providerHint:
      'Der Träger, der den jungen Menschen betreut. Seine Fachkräfte können dann für diesen Fall eine Krise auslösen.',
    noProvider: 'Kein Träger',
    providersUnavailable: 'Die Träger konnten nicht geladen werden.',
    submitting: 'Fall wird angelegt …',
    submit: 'Fall anlegen',
  },
  {
    title: 'Register a case',
    lead: 'Registers a case under a pseudonymous reference. The details of the young person and the legal guardians are stored encrypted only and erased with the young person.',
    failed: 'The case was not registered',
    retry: 'Please send again in a moment.',
    caseSection: 'Case',
    caseRef: 'Case reference',
    caseRefHint: 'Pseudonymous ID from the case file, e.g. F-2025-0142. Please do not enter names.',
    caseRefMissing: 'Please enter a case reference: 3 to 64 characters, letters, digits and hyphens.',
    personSection: 'Young person',
    givenName: 'First name',
    familyName: 'Last name',
    dateOfBirth: 'Date of birth',
    address: 'Address (optional)',
    addressHint: 'Where the young person is registered or lives, e.g. the residential group.',
    givenNameMissing: 'Please enter the first name.',
    familyNameMissing: 'Please enter the last name.',
    dateOfBirthMissing: 'Please enter the date of birth.',
    dateOfBirthFuture: 'The date of birth cannot be in the future.',
    provider: 'Care provider',
    providerHint:
      'The care provider looking after the young person. Its staff can then trigger a crisis for this case.',
    noProvider: 'No care provider',
    providersUnavailable: 'The care providers could not be loaded.',
    submitting: 'Registering case …',
    submit: 'Register case',
  },
);

type CaseProblem =
  'caseRefMissing' | 'givenNameMissing' | 'familyNameMissing' | 'dateOfBirthMissing' | 'dateOfBirthFuture';

/** A problem found before sending, kept as its key so it follows a language switch. */
type Missing = Partial<Record<Field, CaseProblem | `guardian:${string}`>>;

interface Draft {
  caseId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  address: string;
  provider: string;
  guardians: GuardianDraft[];
}

const today = () => new Date().toISOString().slice(0, 10);

/** The caseworker registers a case: pseudonymous reference, young person, Träger, 0–4 guardians. */
export function RegisterCasePage() {
  const t = useTexts(T);
  const guardianTexts = useGuardianProblemTexts();
  usePageTitle(t.title);
  const [draft, setDraft] = useState<Draft>({
    caseId: '',
    givenName: '',
    familyName: '',
    dateOfBirth: '',
    address: '',
    provider: NO_PROVIDER,
    guardians: [],
  });
  const [missing, setMissing] = useState<Missing>({});
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [focusErrors, setFocusErrors] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: ({ signal }) => apiClient.organisations(signal),
    staleTime: 10 * 60_000,
  });
  const providers = [
    ...new Map(
      (organisations.data?.organisations ?? []).filter((o) => o.roles.includes('provider')).map((o) => [o.id, o]),
    ).values(),
  ];

  useEffect(() => {
    if (focusErrors) focusFirstInvalid(formRef.current);
  }, [focusErrors]);

  const set =
    <K extends keyof Draft>(key: K) =>
    (v: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: v }));

  /** Problems worded in the current language: kept as keys, worded when shown. */
  const check = (): Missing => {
    const found: Missing = {};
    if (!CASE_ID.test(draft.caseId.trim())) found.caseId = 'caseRefMissing';
    if (!draft.givenName.trim()) found.givenName = 'givenNameMissing';
    if (!draft.familyName.trim()) found.familyName = 'familyNameMissing';
    if (!draft.dateOfBirth) found.dateOfBirth = 'dateOfBirthMissing';
    else if (draft.dateOfBirth > today()) found.dateOfBirth = 'dateOfBirthFuture';
    draft.guardians.forEach((g, i) => {
      for (const [field, key] of Object.entries(guardianProblems(g)))
        found[`g${i}.${field as GuardianField}`] = `guardian:${key}`;
    });
    return found;
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (submitting) return;
    const found = check();
    setFailure(null);
    setMissing(found);
    if (Object.keys(found).length > 0) {
      setFocusErrors((n) => n + 1);
      return;
    }
    const caseId = draft.caseId.trim();
    const body: RegisterCaseRequest = {
      caseId,
      youngPerson: {
        givenName: draft.givenName.trim(),
        familyName: draft.familyName.trim(),
        dateOfBirth: draft.dateOfBirth,
        ...(draft.address.trim() ? { address: draft.address.trim() } : {}),
      },
      ...(draft.provider !== NO_PROVIDER ? { careProviderOrganisationId: draft.provider } : {}),
      ...(draft.guardians.length ? { guardians: draft.guardians.map(guardianDetailsOf) } : {}),
    };
    setSubmitting(true);
    try {
      const registered = await apiClient.registerCase(body);
      navigate(paths.caseFile(registered.caseId, true));
    } catch (err) {
      setFailure({ error: err });
      setSubmitting(false);
      if (err instanceof ApiError && (err.kind === 'invalid' || err.kind === 'conflict')) setFocusErrors((n) => n + 1);
    }
  };

  const mapped = failure ? mapFieldErrors<Field>(failure.error, API_FIELDS) : null;
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
        <section className="card form-section" aria-labelledby="case-heading">
          <h2 id="case-heading">{t.caseSection}</h2>
          <TextField
            id="caseId"
            label={t.caseRef}
            hint={t.caseRefHint}
            value={draft.caseId}
            onChange={set('caseId')}
            error={errors.caseId}
            maxLength={64}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            required
            disabled={submitting}
          />
          <SelectField
            id="provider"
            label={t.provider}
            hint={organisations.error ? `${t.providerHint} ${t.providersUnavailable}` : t.providerHint}
            options={[
              { value: NO_PROVIDER, label: t.noProvider },
              ...providers.map((o) => ({ value: o.id, label: o.name })),
            ]}
            value={draft.provider}
            onChange={set('provider')}
            error={errors.provider}
            disabled={submitting}
          />
        </section>

        <section className="card form-section" aria-labelledby="person-heading">
          <h2 id="person-heading">{t.personSection}</h2>
          <div className="form-grid">
            <TextField
              id="givenName"
              label={t.givenName}
              value={draft.givenName}
              onChange={set('givenName')}
              error={errors.givenName}
              maxLength={100}
              autoComplete="off"
              required
              disabled={submitting}
            />
            <TextField
              id="familyName"
              label={t.familyName}
              value={draft.familyName}
              onChange={set('familyName')}
              error={errors.familyName}
              maxLength={100}
              autoComplete="off"
              required
              disabled={submitting}
            />
          </div>
          <TextField
            id="dateOfBirth"
            type="date"
            label={t.dateOfBirth}
            value={draft.dateOfBirth}
            onChange={set('dateOfBirth')}
            error={errors.dateOfBirth}
            max={today()}
            required
            disabled={submitting}
          />
          <TextField
            id="address"
            label={t.address}
            hint={t.addressHint}
            value={draft.address}
            onChange={set('address')}
            error={errors.address}
            maxLength={300}
            autoComplete="off"
            disabled={submitting}
          />
        </section>

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
