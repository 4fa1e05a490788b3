import type { GuardianView } from '@hilfenetz/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { apiClient } from '../api/api-client';
import { ApiError, isPermanent } from '../api/api-error';
import { Alert } from '../components/alert';
import { ApiErrorAlert } from '../components/api-error-alert';
import { Button } from '../components/button';
import {
  draftOf,
  emptyGuardian,
  GuardianFields,
  guardianDetailsOf,
  guardianProblems,
  useGuardianProblemTexts,
  type GuardianDraft,
  type GuardianField,
} from '../components/guardian-fields';
import { mapFieldErrors } from '../forms/map-field-errors';
import { usePageTitle } from '../hooks/use-page-title';
import { formatDate, formatDateTime, uhr } from '../i18n/date-format';
import { channelLabel, languageLabel, relationLabel } from '../i18n/guardians';
import { texts, useTexts } from '../i18n/language';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { CaseRef, caseReference } from '../components/case-ref';

const MAX_GUARDIANS = 4;
const API_FIELDS: Record<string, GuardianField> = {
  'body.name': 'name',
  'body.relation': 'relation',
  'body.phone': 'phone',
  'body.email': 'email',
  'body.language': 'language',
  'body.preferredChannel': 'preferredChannel',
};

const T = texts(
  {
    title: (caseId: string) => `Fall ${caseId}`,
    heading: 'Fall',
    registered: 'Fall angelegt',
    registeredText: 'Der Fall ist angelegt. Sie können jetzt für ihn eine Krise auslösen.',
    unavailable: 'Fall nicht abrufbar',
    notFound: 'Zu dieser Referenz ist kein Fall angelegt.',
    loading: 'Fall wird geladen …',
    person: 'Junger Mensch',
    name: 'Name',
    dateOfBirth: 'Geburtsdatum',
    address: 'Anschrift',
    provider: 'Träger',
    noProvider: 'kein Träger',
    registeredAt: 'Angelegt',
    erased: 'gelöscht',
    erasedAt: (when: string) => ` am ${when} Uhr (personenbezogene Daten gelöscht)`,
    guardians: 'Sorgeberechtigte',
    guardiansLead: 'In dieser Reihenfolge werden sie in einer Krise benachrichtigt.',
    noGuardians:
      'Keine Sorgeberechtigten eingetragen: In einer Krise kann niemand aus der Familie benachrichtigt werden.',
    relation: 'Beziehung',
    phone: 'Telefon',
    email: 'E-Mail',
    language: 'Sprache',
    channel: 'Bevorzugter Weg',
    change: 'Ändern',
    remove: 'Entfernen …',
    confirmRemove: (name: string) => `${name} wirklich als sorgeberechtigt austragen?`,
    yesRemove: 'Ja, austragen',
    cancel: 'Abbrechen',
    save: 'Speichern',
    saving: 'Wird gespeichert …',
    add: 'Sorgeberechtigte Person hinzufügen',
    addHeading: 'Neue sorgeberechtigte Person',
    notSaved: 'Nicht gespeichert',
    notRemoved: 'Nicht ausgetragen',
    saved: 'Gespeichert.',
    removed: 'Ausgetragen.',
    triggerLink: 'Krise für diesen Fall auslösen',
    timelineLink: 'Zeitleiste des Falls anzeigen',
  },
  {
    title: (caseId: string) => `Case ${caseId}`,
    heading: 'Case',
    registered: 'Case registered',
    registeredText: 'The case is registered. You can now trigger a crisis for it.',
    unavailable: 'Case not available',
    notFound: 'No case is registered under this reference.',
    loading: 'Loading case …',
    person: 'Young person',
    name: 'Name',
    dateOfBirth: 'Date of birth',
    address: 'Address',
    provider: 'Care provider',
    noProvider: 'no care provider',
    registeredAt: 'Registered',
    erased: 'erased',
    erasedAt: (when: string) => ` on ${when} (personal data erased)`,
    guardians: 'Legal guardians',
    guardiansLead: 'They are notified in this order in a crisis.',
    noGuardians: 'No legal guardians recorded: nobody in the family can be notified in a crisis.',
    relation: 'Relation',
    phone: 'Phone',
    email: 'E-mail',
    language: 'Language',
    channel: 'Preferred channel',
    change: 'Change',
    remove: 'Remove …',
    confirmRemove: (name: string) => `Really remove ${name} as legal guardian?`,
    yesRemove: 'Yes, remove',
    cancel: 'Cancel',
    save: 'Save',
    saving: 'Saving …',
    add: 'Add a legal guardian',
    addHeading: 'New legal guardian',
    notSaved: 'Not saved',
    notRemoved: 'Not removed',
    saved: 'Saved.',
    removed: 'Removed.',
    triggerLink: 'Trigger a crisis for this case',
    timelineLink: 'Show the case timeline',
  },
);

/** The case file for the lead office: young person, Träger and the guardians (add, change, remove). */
export function CasePage({ caseId, registered }: { caseId: string; registered: boolean }) {
  const t = useTexts(T);
  usePageTitle(t.title(caseReference(caseId)));
  const caseFile = useQuery({
    queryKey: ['case', caseId],
    queryFn: ({ signal }) => apiClient.getCase(caseId, signal),
    retry: (n, err) => !isPermanent(err) && !(err instanceof ApiError && err.kind === 'not_found') && n < 2,
    // Every read is in the access log: read once, again only after a change.
    staleTime: Infinity,
  });
  const organisations = useQuery({
    queryKey: ['organisations'],
    queryFn: ({ signal }) => apiClient.organisations(signal),
    staleTime: 10 * 60_000,
  });
  const data = caseFile.data;
  const providerId = data?.careProviderOrganisationId ?? null;
  const providerName = providerId
    ? (organisations.data?.organisations.find((o) => o.id === providerId)?.name ?? providerId)
    : null;
  const notFound = caseFile.error instanceof ApiError && caseFile.error.kind === 'not_found';

  return (
    <>
      <h1 tabIndex={-1}>
        {t.heading} <CaseRef caseId={caseId} />
      </h1>
      {registered && (
        <Alert tone="success" title={t.registered}>
          <p>{t.registeredText}</p>
        </Alert>
      )}
      {notFound && (
        <Alert tone="error" title={t.unavailable}>
          <p>{t.notFound}</p>
        </Alert>
      )}
      {caseFile.error && !notFound && <ApiErrorAlert error={caseFile.error} title={t.unavailable} />}
      {!data && !caseFile.error && <p role="status">{t.loading}</p>}

      {data && (
        <section className="card" aria-labelledby="person-heading">
          <h2 id="person-heading">{t.person}</h2>
          <dl className="facts">
            {data.youngPerson.status === 'available' ? (
              <>
                <div className="facts__row">
                  <dt>{t.name}</dt>
                  <dd>
                    {data.youngPerson.givenName} {data.youngPerson.familyName}
                  </dd>
                </div>
                <div className="facts__row">
                  <dt>{t.dateOfBirth}</dt>
                  <dd>{formatDate(data.youngPerson.dateOfBirth)}</dd>
                </div>
                {data.youngPerson.address && (
                  <div className="facts__row">
                    <dt>{t.address}</dt>
                    <dd>{data.youngPerson.address}</dd>
                  </div>
                )}
              </>
            ) : (
              <div className="facts__row">
                <dt>{t.name}</dt>
                <dd>
                  <span className="badge">{t.erased}</span>
                  {t.erasedAt(formatDateTime(data.youngPerson.erasedAt))}
                </dd>
              </div>
            )}
            <div className="facts__row">
              <dt>{t.provider}</dt>
              <dd>{providerName ?? t.noProvider}</dd>
            </div>
            <div className="facts__row">
              <dt>{t.registeredAt}</dt>
              <dd>
                {formatDateTime(data.registeredAt)}
                {uhr()}
              </dd>
            </div>
          </dl>
        </section>
      )}

      {data && (
        <Guardians caseId={caseId} guardians={data.guardians} mayEdit={data.youngPerson.status === 'available'} />
      )}

      <ul className="link-list">
        <li>
          <Link to={paths.trigger(caseId)}>{t.triggerLink}</Link>
        </li>
        <li>
          <Link to={paths.timeline(caseId)}>{t.timelineLink}</Link>
        </li>
      </ul>
    </>
  );
}

function Guardians({ caseId, guardians, mayEdit }: { caseId: string; guardians: GuardianView[]; mayEdit: boolean }) {
  const t = useTexts(T);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<'saved' | 'removed' | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const done = (what: 'saved' | 'removed') => {
    setNotice(what);
    requestAnimationFrame(() => noticeRef.current?.focus());
  };
  const list = [...guardians].sort((a, b) => a.rank - b.rank);
  return (
    <section className="card" aria-labelledby="guardians-heading">
      <h2 id="guardians-heading">{t.guardians}</h2>
      <p ref={noticeRef} tabIndex={-1} role="status" className={notice ? 'notice-line' : 'visually-hidden'}>
        {notice ? t[notice] : ''}
      </p>
      {list.length === 0 ? (
        <p className="empty">{t.noGuardians}</p>
      ) : (
        <>
          <p className="muted">{t.guardiansLead}</p>
          <ol className="guardian-list">
            {list.map((g) => (
              <GuardianItem key={g.guardianId} caseId={caseId} guardian={g} mayEdit={mayEdit} onDone={done} />
            ))}
          </ol>
        </>
      )}
      {mayEdit && list.length < MAX_GUARDIANS && !adding && (
        <div className="form__actions">
          <Button variant="secondary" onPress={() => setAdding(true)}>
            {t.add}
          </Button>
        </div>
      )}
      {adding && (
        <GuardianForm
          caseId={caseId}
          guardianId={null}
          initial={emptyGuardian()}
          heading={t.addHeading}
          onClose={(saved) => {
            setAdding(false);
            if (saved) done('saved');
          }}
        />
      )}
    </section>
  );
}

function GuardianItem({
  caseId,
  guardian,
  mayEdit,
  onDone,
}: {
  caseId: string;
  guardian: GuardianView;
  mayEdit: boolean;
  onDone: (what: 'saved' | 'removed') => void;
}) {
  const t = useTexts(T);
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'show' | 'edit' | 'remove'>('show');
  const remove = useMutation({
    mutationFn: () => apiClient.removeGuardian(caseId, guardian.guardianId),
    onSuccess: async () => {
      onDone('removed');
      await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
    },
  });
  if (guardian.status === 'erased') {
    return (
      <li className="guardian-item">
        <span className="badge">{t.erased}</span>
        {t.erasedAt(formatDateTime(guardian.erasedAt))}
      </li>
    );
  }
  if (mode === 'edit') {
    return (
      <li className="guardian-item">
        <GuardianForm
          caseId={caseId}
          guardianId={guardian.guardianId}
          initial={draftOf(guardian)}
          heading={guardian.name}
          onClose={(saved) => {
            setMode('show');
            if (saved) onDone('saved');
          }}
        />
      </li>
    );
  }
  return (
    <li className="guardian-item">
      <h3 className="guardian-item__name">{guardian.name}</h3>
      <dl className="facts facts--compact">
        <div className="facts__row">
          <dt>{t.relation}</dt>
          <dd>{relationLabel(guardian.relation)}</dd>
        </div>
        {guardian.phone && (
          <div className="facts__row">
            <dt>{t.phone}</dt>
            <dd>
              <a href={`tel:${guardian.phone}`}>{guardian.phone}</a>
            </dd>
          </div>
        )}
        {guardian.email && (
          <div className="facts__row">
            <dt>{t.email}</dt>
            <dd>{guardian.email}</dd>
          </div>
        )}
        <div className="facts__row">
          <dt>{t.language}</dt>
          <dd>{languageLabel(guardian.language)}</dd>
        </div>
        <div className="facts__row">
          <dt>{t.channel}</dt>
          <dd>{channelLabel(guardian.preferredChannel)}</dd>
        </div>
      </dl>
      {remove.error && <ApiErrorAlert error={remove.error} title={t.notRemoved} />}
      {mayEdit && mode === 'show' && (
        <div className="form__actions">
          <Button variant="secondary" onPress={() => setMode('edit')}>
            {t.change}
          </Button>
          <Button variant="danger-outline" onPress={() => setMode('remove')}>
            {t.remove}
          </Button>
        </div>
      )}
      {mode === 'remove' && (
        <div className="confirm" role="group" aria-label={t.confirmRemove(guardian.name)}>
          <p>{t.confirmRemove(guardian.name)}</p>
          <div className="form__actions">
            <Button variant="danger" isDisabled={remove.isPending} onPress={() => remove.mutate()} autoFocus>
              {t.yesRemove}
            </Button>
            <Button variant="quiet" onPress={() => setMode('show')}>
              {t.cancel}
            </Button>
          </div>
        </div>
      )}
    </li>
  );
}

function GuardianForm({
  caseId,
  guardianId,
  initial,
  heading,
  onClose,
}: {
  caseId: string;
  guardianId: string | null;
  initial: GuardianDraft;
  heading: string;
  onClose: (saved: boolean) => void;
}) {
  const t = useTexts(T);
  const problemTexts = useGuardianProblemTexts();
  const queryClient = useQueryClient();
  const idPrefix = `guardian-${guardianId ?? 'new'}`;
  const [draft, setDraft] = useState(initial);
  const [missing, setMissing] = useState<ReturnType<typeof guardianProblems>>({});
  const save = useMutation({
    mutationFn: (d: GuardianDraft) =>
      guardianId
        ? apiClient.changeGuardian(caseId, guardianId, guardianDetailsOf(d))
        : apiClient.addGuardian(caseId, guardianDetailsOf(d)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
      onClose(true);
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const found = guardianProblems(draft);
    setMissing(found);
    if (Object.keys(found).length > 0) {
      const first = (['name', 'relation', 'phone', 'email'] as const).find((f) => found[f]);
      if (first) document.getElementById(`${idPrefix}-${first}`)?.focus();
      return;
    }
    save.mutate(draft);
  };
  const mapped = save.error ? mapFieldErrors(save.error, API_FIELDS) : null;
  const errors: Partial<Record<GuardianField, string>> = mapped
    ? mapped.byField
    : Object.fromEntries(Object.entries(missing).map(([f, k]) => [f, k ? problemTexts[k] : undefined]));
  return (
    <form className="form guardian" onSubmit={submit} noValidate aria-labelledby={`${idPrefix}-heading`}>
      <h3 id={`${idPrefix}-heading`}>{heading}</h3>
      {save.error && <ApiErrorAlert error={save.error} title={t.notSaved} details={mapped?.other ?? []} />}
      <GuardianFields idPrefix={idPrefix} value={draft} onChange={setDraft} errors={errors} disabled={save.isPending} />
      <div className="form__actions">
        <Button type="submit" variant="primary" isDisabled={save.isPending}>
          {save.isPending ? t.saving : t.save}
        </Button>
        <Button variant="quiet" onPress={() => onClose(false)}>
          {t.cancel}
        </Button>
      </div>
    </form>
  );
}
