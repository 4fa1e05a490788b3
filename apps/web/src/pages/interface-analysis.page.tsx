import type { CauseCategory, InterfaceItem, InterfaceItemList, WeaknessKind } from '@hilfenetz/contracts';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { requestJson } from '../api/http-request';
import { Alert } from '../components/alert';
import { ApiErrorAlert } from '../components/api-error-alert';
import { Button } from '../components/button';
import { CaseRef } from '../components/case-ref';
import { RadioGroup } from '../components/radio-group';
import { SelectField } from '../components/select-field';
import { TextField } from '../components/text-field';
import { TextareaField } from '../components/textarea-field';
import { useOrganisations } from '../hooks/use-organisations';
import { usePageTitle } from '../hooks/use-page-title';
import { partyLabel } from '../i18n/parties';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { fieldProblem } from './quality-report/field-problems';
import {
  ANONYMOUS_TEXT_HINT,
  WEAKNESS_KIND,
  berlinDateTime,
  itemKindLabel,
} from './quality-report/quality-loop-labels';
import { reportQuery } from './quality-report/use-quality-report';

/** The month running now in Berlin, and the one `back` months before it. */
function monthOf(back: number): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 - back, 15)).toISOString().slice(0, 7);
}

/**
 * Fehleranalyse an den Schnittstellen (issue 18 §3, ADR 0036): the lead office's own escalations,
 * declines and contacts not reached of the last three months, each with a cause category and a
 * short anonymous note; an annotated item can go into the agreement's register of weaknesses.
 * NOT anonymous: these are the office's own cases (every case shown is in its access log).
 */
export function InterfaceAnalysisPage({ organisationId }: { organisationId: string }) {
  usePageTitle('Fehleranalyse an den Schnittstellen');
  const organisations = useOrganisations();
  const agreementId = organisations.data?.organisations.find((o) => o.id === organisationId)?.agreementId ?? null;
  const [list, setList] = useState<InterfaceItemList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    if (!agreementId) return;
    requestJson<InterfaceItemList>(
      'GET',
      `/quality-annotations/items?${reportQuery({ agreementId, from: monthOf(2), to: monthOf(0) })}`,
    ).then(setList, setError);
  }, [agreementId]);
  useEffect(load, [load]);

  return (
    <section aria-labelledby="fehleranalyse-titel" className="interface-analysis">
      <h1 id="fehleranalyse-titel" tabIndex={-1}>
        Fehleranalyse an den Schnittstellen
      </h1>
      <p>
        Eskalationen, Ablehnungen und nicht erreichte Kontakte der Fälle Ihres Amtes aus den letzten drei Monaten.
        Benennen Sie die Ursache; der Qualitätsbericht zählt die Ursachen je Schnittstelle anonymisiert. Diese Liste
        zeigt Ihre eigenen Fälle: jeder Abruf steht im Zugriffsprotokoll des Falls.
      </p>
      <p>
        <Link to={paths.qualityReport()}>Zum Qualitätsbericht und Schwachstellenregister</Link>
      </p>
      {error !== null && <ApiErrorAlert error={error} />}
      {organisations.isSuccess && !agreementId && <p>Ihre Organisation gehört zu keiner Vereinbarung in Kraft.</p>}
      {list === null && error === null && agreementId && <p>Wird geladen …</p>}
      {list !== null && list.items.length === 0 && <p>Keine Ereignisse an den Schnittstellen im Zeitraum.</p>}
      {list?.truncated && <Alert tone="info">Es werden die neuesten 200 Ereignisse gezeigt.</Alert>}
      <ul className="reviews">
        {list?.items.map((item) => (
          <li key={item.itemId}>
            <ItemCard item={item} categories={list.categories} agreementId={list.agreementId} onSaved={load} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ItemCard({
  item,
  categories,
  agreementId,
  onSaved,
}: {
  item: InterfaceItem;
  categories: CauseCategory[];
  agreementId: string;
  onSaved: () => void;
}) {
  const label = (id: string) => categories.find((c) => c.id === id)?.label ?? id;
  const title = `${itemKindLabel(item)} – ${partyLabel(item.party)}, ${item.organisationName}`;
  return (
    <article className="card" data-item={item.itemId} aria-label={title}>
      <h2 className="card__title">{title}</h2>
      <dl className="facts">
        <dt>Zeitpunkt</dt>
        <dd>{berlinDateTime(item.occurredAt)}</dd>
        <dt>Fall</dt>
        <dd>
          <CaseRef caseId={item.caseId} />
        </dd>
        <dt>Ursache</dt>
        <dd>{item.annotation ? label(item.annotation.category) : 'noch nicht erfasst'}</dd>
        {item.annotation?.note && (
          <>
            <dt>Notiz</dt>
            <dd>{item.annotation.note}</dd>
          </>
        )}
      </dl>
      <AnnotationForm item={item} categories={categories} agreementId={agreementId} onSaved={onSaved} />
      {item.annotation && <PromoteForm item={item} agreementId={agreementId} />}
    </article>
  );
}

function AnnotationForm({
  item,
  categories,
  agreementId,
  onSaved,
}: {
  item: InterfaceItem;
  categories: CauseCategory[];
  /** A missed §4 KKG / §8a deadline has no crisis agreement: it is annotated under this one. */
  agreementId: string;
  onSaved: () => void;
}) {
  const [category, setCategory] = useState(item.annotation?.category ?? '');
  const [note, setNote] = useState(item.annotation?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(!category);
    if (!category) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    requestJson('PUT', `/quality-annotations/items/${encodeURIComponent(item.itemId)}`, {
      body: { category, agreementId, ...(note.trim() ? { note: note.trim() } : {}) },
    }).then(
      () => {
        setBusy(false);
        setSaved(true);
        onSaved();
      },
      (err: unknown) => {
        setError(err);
        setBusy(false);
      },
    );
  };
  const noteProblem = fieldProblem(error, 'body.note');
  return (
    <form onSubmit={submit} noValidate className="decision-form" aria-label="Ursache erfassen">
      {error !== null && !noteProblem && <ApiErrorAlert error={error} />}
      <SelectField<string>
        id={`ursache-${item.itemId}`}
        label="Ursache"
        options={categories.map((c) => ({ value: c.id, label: c.label }))}
        value={category}
        onChange={setCategory}
        placeholder="Bitte wählen"
        error={missing ? 'Bitte wählen Sie eine Ursache.' : undefined}
        disabled={busy}
      />
      <TextareaField
        id={`notiz-${item.itemId}`}
        label="Kurze Notiz (optional)"
        hint={ANONYMOUS_TEXT_HINT}
        value={note}
        onChange={setNote}
        rows={2}
        maxLength={300}
        error={noteProblem}
        disabled={busy}
      />
      <Button type="submit" variant="primary" isDisabled={busy}>
        Ursache speichern
      </Button>
      {saved && (
        <p role="status" className="form-status">
          Ursache gespeichert.
        </p>
      )}
    </form>
  );
}

function PromoteForm({ item, agreementId }: { item: InterfaceItem; agreementId: string }) {
  const [kind, setKind] = useState<WeaknessKind | ''>('');
  const [what, setWhat] = useState('');
  const [example, setExample] = useState(item.annotation?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [invalid, setInvalid] = useState<{ kind?: string; what?: string; example?: string }>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = {
      ...(kind ? {} : { kind: 'Bitte wählen Sie die Art des Eintrags.' }),
      ...(what.trim().length >= 3 ? {} : { what: 'Bitte beschreiben Sie die Schwachstelle (mindestens 3 Zeichen).' }),
      ...(example.trim().length >= 3 ? {} : { example: 'Bitte geben Sie ein Beispiel an (mindestens 3 Zeichen).' }),
    };
    setInvalid(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    setError(null);
    requestJson('POST', '/weakness-register', {
      body: { agreementId, sourceItemId: item.itemId, kind, what: what.trim(), example: example.trim() },
    }).then(
      () => {
        setBusy(false);
        setDone(true);
      },
      (err: unknown) => {
        setError(err);
        setBusy(false);
      },
    );
  };
  if (done) {
    return (
      <p role="status" className="form-status">
        In das Schwachstellenregister übernommen.
      </p>
    );
  }
  const whatProblem = fieldProblem(error, 'body.what');
  const exampleProblem = fieldProblem(error, 'body.example');
  return (
    <details className="promote">
      <summary>In das Schwachstellenregister übernehmen</summary>
      <form
        onSubmit={submit}
        noValidate
        className="decision-form"
        aria-label="In das Schwachstellenregister übernehmen"
      >
        {error !== null && !whatProblem && !exampleProblem && <ApiErrorAlert error={error} />}
        <RadioGroup<WeaknessKind>
          name={`art-${item.itemId}`}
          legend="Art des Eintrags"
          options={[
            { value: 'weakness', label: WEAKNESS_KIND.weakness },
            { value: 'change_proposal', label: WEAKNESS_KIND.change_proposal },
          ]}
          value={kind}
          onChange={setKind}
          error={invalid.kind}
          disabled={busy}
        />
        <TextField
          id={`was-${item.itemId}`}
          label="Was ist die Schwachstelle?"
          hint={ANONYMOUS_TEXT_HINT}
          value={what}
          onChange={setWhat}
          maxLength={300}
          error={invalid.what ?? whatProblem}
          disabled={busy}
        />
        <TextareaField
          id={`beispiel-${item.itemId}`}
          label="Beispiel ohne personenbezogene Daten"
          hint={ANONYMOUS_TEXT_HINT}
          value={example}
          onChange={setExample}
          rows={2}
          maxLength={500}
          error={invalid.example ?? exampleProblem}
          disabled={busy}
        />
        <Button type="submit" variant="secondary" isDisabled={busy}>
          Ins Register übernehmen
        </Button>
      </form>
    </details>
  );
}
