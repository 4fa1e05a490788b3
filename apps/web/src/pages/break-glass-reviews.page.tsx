import type { BreakGlassReview, BreakGlassReviewList, BreakGlassReviewVerdict } from '@hilfenetz/contracts';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { requestJson } from '../api/http-request';
import { Alert } from '../components/alert';
import { ApiErrorAlert } from '../components/api-error-alert';
import { Button } from '../components/button';
import { RadioGroup } from '../components/radio-group';
import { TextareaField } from '../components/textarea-field';
import { usePageTitle } from '../hooks/use-page-title';
import { roleLabel } from '../i18n/roles';
import { CaseRef } from '../components/case-ref';

const STATUS: Record<BreakGlassReview['status'], string> = {
  open: 'Offen',
  escalated: 'Überfällig – Datenschutzbeauftragte informiert',
  decided: 'Entschieden',
};
const VERDICT: Record<BreakGlassReviewVerdict, string> = {
  justified: 'berechtigt',
  unjustified: 'nicht berechtigt',
};
const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('de-DE', { dateStyle: 'medium', timeStyle: 'short' }) : '';

/**
 * Notfallzugriffe (docs/adr/0019): the break-glass reads of partners into this office's cases. The
 * Fachaufsicht reviews each one, "berechtigt" or "nicht berechtigt" with a note, before its
 * deadline; the Datenschutzbeauftragte sees the ones judged "nicht berechtigt" or left overdue.
 */
export function BreakGlassReviewsPage({ roles }: { roles: readonly string[] }) {
  usePageTitle('Notfallzugriffe prüfen');
  const supervisor = roles.includes('supervisor');
  const [list, setList] = useState<BreakGlassReviewList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    requestJson<BreakGlassReviewList>('GET', '/break-glass-reviews?status=all').then(setList, setError);
  }, []);
  useEffect(load, [load]);

  const open = list?.reviews.filter((r) => r.status !== 'decided') ?? [];
  const decided = list?.reviews.filter((r) => r.status === 'decided') ?? [];
  return (
    <section aria-labelledby="notfallzugriffe-titel">
      <h1 id="notfallzugriffe-titel" tabIndex={-1}>
        Notfallzugriffe prüfen
      </h1>
      <p>
        {supervisor
          ? 'Partner der Kooperationsvereinbarung haben Fälle Ihres Amtes per Notfallzugriff (Break-Glass) gelesen. Prüfen Sie jeden Zugriff vor Ablauf der Frist.'
          : 'Notfallzugriffe, die die Fachaufsicht als nicht berechtigt bewertet hat oder deren Prüfung überfällig ist.'}
      </p>
      {error !== null && <ApiErrorAlert error={error} />}
      {list === null && error === null && <p>Wird geladen …</p>}
      <h2>Offene Prüfungen ({open.length})</h2>
      {list !== null && open.length === 0 && <p>Keine offenen Prüfungen.</p>}
      <ul className="reviews">
        {open.map((r) => (
          <li key={r.reviewId}>
            <ReviewCard review={r} canDecide={supervisor} onDecided={load} />
          </li>
        ))}
      </ul>
      <h2>Entschiedene Prüfungen ({decided.length})</h2>
      {list !== null && decided.length === 0 && <p>Noch keine Entscheidungen.</p>}
      <ul className="reviews">
        {decided.map((r) => (
          <li key={r.reviewId}>
            <ReviewCard review={r} canDecide={false} onDecided={load} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReviewCard({
  review: r,
  canDecide,
  onDecided,
}: {
  review: BreakGlassReview;
  canDecide: boolean;
  onDecided: () => void;
}) {
  return (
    <article className="card" data-review={r.reviewId}>
      <h3>
        Fall <CaseRef caseId={r.caseId} /> – {STATUS[r.status]}
      </h3>
      <dl className="facts">
        <dt>Gelesen von</dt>
        <dd>
          {roleLabel(r.reader.role)} ({r.reader.organisationId}), {when(r.openedAt)}
        </dd>
        <dt>Begründung</dt>
        <dd>{r.reason}</dd>
        <dt>Gilt für weitere Zugriffe bis</dt>
        <dd>{when(r.coversUntil)}</dd>
        <dt>Prüffrist</dt>
        <dd>{when(r.dueAt)}</dd>
        {r.escalatedAt && (
          <>
            <dt>Eskaliert</dt>
            <dd>{when(r.escalatedAt)}</dd>
          </>
        )}
        {r.verdict && (
          <>
            <dt>Bewertung</dt>
            <dd>
              {VERDICT[r.verdict]} ({when(r.decidedAt)})
            </dd>
            <dt>Vermerk</dt>
            <dd>{r.note ?? '—'}</dd>
          </>
        )}
        {r.dataProtectionOfficerNotified && (
          <>
            <dt>Datenschutz</dt>
            <dd>Die Datenschutzbeauftragte ist informiert.</dd>
          </>
        )}
      </dl>
      {canDecide && <DecisionForm reviewId={r.reviewId} onDecided={onDecided} />}
    </article>
  );
}

function DecisionForm({ reviewId, onDecided }: { reviewId: string; onDecided: () => void }) {
  const [verdict, setVerdict] = useState<BreakGlassReviewVerdict | ''>('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState<{ verdict?: string; note?: string }>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = {
      ...(verdict ? {} : { verdict: 'Bitte wählen Sie eine Bewertung.' }),
      ...(note.trim().length >= 3 ? {} : { note: 'Bitte begründen Sie die Bewertung (mindestens 3 Zeichen).' }),
    };
    setInvalid(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    setError(null);
    requestJson('POST', `/break-glass-reviews/${encodeURIComponent(reviewId)}/decision`, {
      body: { verdict, note: note.trim() },
    }).then(onDecided, (err: unknown) => {
      setError(err);
      setBusy(false);
    });
  };
  return (
    <form onSubmit={submit} noValidate className="decision-form">
      {error !== null && <ApiErrorAlert error={error} />}
      <RadioGroup<BreakGlassReviewVerdict>
        name={`bewertung-${reviewId}`}
        legend="Bewertung des Zugriffs"
        options={[
          { value: 'justified', label: 'berechtigt' },
          { value: 'unjustified', label: 'nicht berechtigt' },
        ]}
        value={verdict}
        onChange={setVerdict}
        error={invalid.verdict}
        disabled={busy}
      />
      <TextareaField
        id={`vermerk-${reviewId}`}
        label="Vermerk"
        hint="„nicht berechtigt“ informiert die Datenschutzbeauftragte."
        value={note}
        onChange={setNote}
        rows={3}
        maxLength={2000}
        error={invalid.note}
        disabled={busy}
      />
      {verdict === 'unjustified' && (
        <Alert tone="info">Die Datenschutzbeauftragte wird über diesen Zugriff informiert.</Alert>
      )}
      <Button type="submit" variant="primary" isDisabled={busy}>
        Bewertung speichern
      </Button>
    </form>
  );
}
