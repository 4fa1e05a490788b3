import type {
  AgreementDiffResponse,
  AgreementList,
  AgreementVersionSummary,
  CooperationAgreement,
} from '@hilfenetz/contracts';
import { useCallback, useEffect, useState } from 'react';
import { requestJson } from '../api/http-request';
import { Alert } from '../components/alert';
import { ApiErrorAlert } from '../components/api-error-alert';
import { Button } from '../components/button';
import { TextareaField } from '../components/textarea-field';
import { usePageTitle } from '../hooks/use-page-title';

const seg = encodeURIComponent;

const STATUS: Record<AgreementVersionSummary['status'], string> = {
  proposed: 'Vorschlag – noch nicht von allen unterzeichnet',
  scheduled: 'Von allen unterzeichnet, gilt ab',
  in_force: 'Gilt',
  superseded: 'Abgelöst',
  ended: 'Beendet (Unterschrift zurückgezogen)',
};

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('de-DE', { dateStyle: 'medium', timeStyle: 'short' }) : '';
const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v, null, 1));

/**
 * Cooperation agreements (docs/adr/0015): every version with its signatures; an administrator reads
 * what a version changes against the one in force, signs for their own organisation, withdraws,
 * and proposes a new version (as JSON, starting from the version in force). A version governs new
 * crises only once every named organisation signed.
 */
export function AgreementsPage({ roles, organisationId }: { roles: readonly string[]; organisationId: string }) {
  usePageTitle('Kooperationsvereinbarungen');
  const admin = roles.includes('administrator');
  const [list, setList] = useState<AgreementList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [diff, setDiff] = useState<AgreementDiffResponse | null>(null);
  const [draft, setDraft] = useState<{ agreementId: string; text: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setList(await requestJson<AgreementList>('GET', '/agreements'));
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => void reload(), [reload]);

  const act = async (what: () => Promise<unknown>, done: string) => {
    setError(null);
    setNotice(null);
    try {
      await what();
      setNotice(done);
      await reload();
    } catch (err) {
      setError(err);
    }
  };
  const base = (agreementId: string, version: string) => `/agreements/${seg(agreementId)}/versions/${seg(version)}`;

  const startDraft = async (agreementId: string, fromVersion: string) => {
    const current = await requestJson<CooperationAgreement>('GET', base(agreementId, fromVersion));
    const { agreementId: _fromThePath, ...body } = current;
    setDraft({
      agreementId,
      text: JSON.stringify({ ...body, version: '', validFrom: new Date().toISOString() }, null, 2),
    });
  };

  return (
    <section aria-labelledby="vereinbarungen-titel">
      <h1 id="vereinbarungen-titel">Kooperationsvereinbarungen</h1>
      <p>
        Eine neue Fassung gilt erst, wenn alle beteiligten Organisationen sie unterzeichnet haben – ab dem späteren von
        „gültig ab“ und der letzten Unterschrift. Zieht eine Organisation ihre Unterschrift zurück, gilt die Fassung für
        neue Krisen nicht mehr.
      </p>
      {notice && <Alert tone="success">{notice}</Alert>}
      {error !== null && <ApiErrorAlert error={error} />}
      {list?.agreements.map((a) => (
        <article key={a.agreementId} className="card" data-agreement={a.agreementId}>
          <h2>
            {a.region} <small>({a.agreementId})</small>
          </h2>
          <p>Geltende Fassung: {a.inForceVersion ?? 'keine'}</p>
          <ul className="versions">
            {a.versions.map((v) => {
              const mine = v.signatures.some((s) => s.organisationId === organisationId);
              const named = mine || v.missingSignatures.includes(organisationId);
              return (
                <li key={v.version} data-version={v.version} data-status={v.status}>
                  <strong>Fassung {v.version}</strong> – {STATUS[v.status]}
                  {v.status === 'scheduled' ? ` ${when(v.inForceFrom)}` : ''}
                  {v.inForceFrom && v.status !== 'scheduled' ? ` (in Kraft seit ${when(v.inForceFrom)})` : ''}
                  <div>
                    Unterzeichnet:{' '}
                    {v.signatures.length === 0
                      ? 'noch niemand'
                      : v.signatures
                          .map((s) => `${s.organisationId} (${s.by === 'built-in' ? 'mitgeliefert' : when(s.at)})`)
                          .join(', ')}
                  </div>
                  {v.missingSignatures.length > 0 && <div>Es fehlen: {v.missingSignatures.join(', ')}</div>}
                  {v.withdrawn && (
                    <div>
                      Zurückgezogen von {v.withdrawn.organisationId} am {when(v.withdrawn.at)}
                    </div>
                  )}
                  <div className="actions">
                    <Button
                      variant="secondary"
                      onPress={() =>
                        void requestJson<AgreementDiffResponse>('GET', `${base(a.agreementId, v.version)}/diff`).then(
                          setDiff,
                          setError,
                        )
                      }
                    >
                      Änderungen ansehen
                    </Button>
                    {admin && named && !mine && v.status === 'proposed' && (
                      <Button
                        variant="primary"
                        onPress={() =>
                          void act(
                            () => requestJson('POST', `${base(a.agreementId, v.version)}/signatures`),
                            `Fassung ${v.version} unterzeichnet.`,
                          )
                        }
                      >
                        Unterzeichnen
                      </Button>
                    )}
                    {admin && mine && v.status !== 'ended' && (
                      <Button
                        variant="danger-outline"
                        onPress={() =>
                          void act(
                            () => requestJson('POST', `${base(a.agreementId, v.version)}/withdrawals`),
                            `Unterschrift unter Fassung ${v.version} zurückgezogen.`,
                          )
                        }
                      >
                        Unterschrift zurückziehen
                      </Button>
                    )}
                    {admin && named && (
                      <Button variant="quiet" onPress={() => void startDraft(a.agreementId, v.version).catch(setError)}>
                        Neue Fassung auf dieser Grundlage vorschlagen
                      </Button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </article>
      ))}
      {diff && (
        <section aria-labelledby="diff-titel" className="card">
          <h2 id="diff-titel">
            Änderungen der Fassung {diff.version} gegenüber{' '}
            {diff.against ? `der geltenden Fassung ${diff.against}` : 'keiner geltenden Fassung'}
          </h2>
          {diff.changes.length === 0 ? (
            <p>Keine inhaltlichen Änderungen.</p>
          ) : (
            <table className="diff">
              <thead>
                <tr>
                  <th scope="col">Stelle</th>
                  <th scope="col">Bisher</th>
                  <th scope="col">Neu</th>
                </tr>
              </thead>
              <tbody>
                {diff.changes.map((c) => (
                  <tr key={c.path}>
                    <th scope="row">
                      <code>{c.path}</code>
                    </th>
                    <td>
                      <pre>{show(c.before)}</pre>
                    </td>
                    <td>
                      <pre>{show(c.after)}</pre>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {draft && (
        <form
          className="card"
          aria-labelledby="vorschlag-titel"
          onSubmit={(e) => {
            e.preventDefault();
            let body: unknown;
            try {
              body = JSON.parse(draft.text);
            } catch {
              setError(new Error('Der Entwurf ist kein gültiges JSON.'));
              return;
            }
            void act(
              () => requestJson('POST', `/agreements/${seg(draft.agreementId)}/versions`, { body }),
              'Neue Fassung vorgeschlagen. Sie gilt, sobald alle beteiligten Organisationen unterzeichnet haben.',
            ).then(() => setDraft(null));
          }}
        >
          <h2 id="vorschlag-titel">Neue Fassung vorschlagen ({draft.agreementId})</h2>
          <TextareaField
            id="vorschlag-json"
            label="Fassung (JSON): Versionsbezeichnung, gültig ab, Organisationen, Kontakte, Wege"
            hint="Vorschlagen dürfen nur Organisationen, die in der Fassung genannt sind."
            value={draft.text}
            onChange={(text) => setDraft({ ...draft, text })}
            rows={16}
          />
          <Button variant="primary" type="submit">
            Vorschlagen
          </Button>
        </form>
      )}
    </section>
  );
}
