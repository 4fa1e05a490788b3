import type { WeaknessEntry, WeaknessRegister, WeaknessStatus } from '@hilfenetz/contracts';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { requestJson } from '../../api/http-request';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { Button } from '../../components/button';
import { SelectField } from '../../components/select-field';
import { partyLabel } from '../../i18n/parties';
import { roleLabel } from '../../i18n/roles';
import { WEAKNESS_KIND, WEAKNESS_STATUS, berlinDateTime } from './quality-loop-labels';

const statuses = Object.keys(WEAKNESS_STATUS) as WeaknessStatus[];

/**
 * Das Schwachstellenregister der Vereinbarung (issue 18 §3, ADR 0036): every partner's Leitung and
 * Prüfung read it; the lead office (`canChange`) moves an entry on. It names no person: who
 * changed it shows as role and organisation.
 */
export function WeaknessRegisterSection({ agreementId, canChange }: { agreementId: string; canChange: boolean }) {
  const [register, setRegister] = useState<WeaknessRegister | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    requestJson<WeaknessRegister>('GET', `/weakness-register?agreementId=${encodeURIComponent(agreementId)}`).then(
      setRegister,
      setError,
    );
  }, [agreementId]);
  useEffect(load, [load]);
  return (
    <section aria-labelledby="schwachstellenregister-titel">
      <h2 id="schwachstellenregister-titel">Schwachstellenregister</h2>
      <p>
        Schwachstellen und Änderungsvorschläge aus der Fehleranalyse der Federführung, für alle Partner der
        Vereinbarung.
      </p>
      {error !== null && <ApiErrorAlert error={error} />}
      {register !== null && register.entries.length === 0 && <p>Noch keine Einträge.</p>}
      <ul className="reviews">
        {register?.entries.map((e) => (
          <li key={e.weaknessId}>
            <EntryCard entry={e} canChange={canChange} onChanged={load} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function EntryCard({
  entry: e,
  canChange,
  onChanged,
}: {
  entry: WeaknessEntry;
  canChange: boolean;
  onChanged: () => void;
}) {
  const title = `${WEAKNESS_KIND[e.kind]}: ${e.what}`;
  return (
    <article className="card" aria-label={title}>
      <h3 className="card__title">{title}</h3>
      <dl className="facts">
        <dt>Schnittstelle</dt>
        <dd>
          {partyLabel(e.party)} – {e.organisationName}
        </dd>
        <dt>Ursache</dt>
        <dd>{e.categoryLabel}</dd>
        <dt>Beispiel</dt>
        <dd>{e.example}</dd>
        <dt>Status</dt>
        <dd>
          {WEAKNESS_STATUS[e.status]} – seit {berlinDateTime(e.statusChangedAt)}, {roleLabel(e.statusChangedBy.role)} (
          {e.statusChangedBy.organisationName})
        </dd>
        <dt>Erfasst</dt>
        <dd>
          {berlinDateTime(e.registeredAt)}, {roleLabel(e.registeredBy.role)} ({e.registeredBy.organisationName})
        </dd>
      </dl>
      {canChange && <StatusForm entry={e} onChanged={onChanged} />}
    </article>
  );
}

function StatusForm({ entry, onChanged }: { entry: WeaknessEntry; onChanged: () => void }) {
  const [status, setStatus] = useState<WeaknessStatus | ''>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!status) return;
    setBusy(true);
    setError(null);
    requestJson('POST', `/weakness-register/${encodeURIComponent(entry.weaknessId)}/status`, { body: { status } }).then(
      () => {
        setBusy(false);
        setStatus('');
        // The register is a projection: read it again a moment later so the new status shows.
        setTimeout(onChanged, 500);
      },
      (err: unknown) => {
        setError(err);
        setBusy(false);
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate className="decision-form" aria-label="Status ändern">
      {error !== null && <ApiErrorAlert error={error} />}
      <SelectField<WeaknessStatus>
        id={`status-${entry.weaknessId}`}
        label="Neuer Status"
        options={statuses.filter((s) => s !== entry.status).map((s) => ({ value: s, label: WEAKNESS_STATUS[s] }))}
        value={status}
        onChange={setStatus}
        placeholder="Bitte wählen"
        disabled={busy}
      />
      <Button type="submit" variant="secondary" isDisabled={busy || !status}>
        Status ändern
      </Button>
    </form>
  );
}
