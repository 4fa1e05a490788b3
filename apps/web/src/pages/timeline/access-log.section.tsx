import type { AccessLogEntryDto } from '@hilfenetz/contracts';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDateTime } from '../../i18n/date-format';
import { texts, useTexts } from '../../i18n/language';
import { roleLabel } from '../../i18n/roles';

const T = texts(
  {
    accessHeading: 'Zugriffsprotokoll',
    accessIntro: 'Jeder Lesezugriff auf diesen Fall, neuester zuerst.',
    accessUnavailable: 'Zugriffsprotokoll nicht abrufbar',
    loading: 'Wird geladen …',
    noAccess: 'Noch keine Zugriffe.',
    time: 'Zeit',
    user: 'Kennung',
    roleOrg: 'Rolle · Organisation',
    resource: 'Bereich',
    purpose: 'Zweck',
    resources: { case: 'Fallakte', timeline: 'Zeitleiste', timeline_export: 'Export' } as Record<string, string>,
    purposes: {
      case_work: 'Fallarbeit',
      supervision: 'Aufsicht',
      audit: 'Revision',
      break_glass: 'Notfallzugriff',
    } as Record<string, string>,
    newest: (n: number) => `Die 50 neuesten von ${n} Zugriffen.`,
    quote: (reason: string) => ` – „${reason}“`,
  },
  {
    accessHeading: 'Access log',
    accessIntro: 'Every read of this case, newest first.',
    accessUnavailable: 'Access log not available',
    loading: 'Loading …',
    noAccess: 'No reads yet.',
    time: 'Time',
    user: 'User ID',
    roleOrg: 'Role · Organisation',
    resource: 'Area',
    purpose: 'Purpose',
    resources: { case: 'Case file', timeline: 'Timeline', timeline_export: 'Export' },
    purposes: {
      case_work: 'Case work',
      supervision: 'Supervision',
      audit: 'Audit',
      break_glass: 'Emergency access',
    },
    newest: (n: number) => `The 50 newest of ${n} reads.`,
    quote: (reason: string) => ` – “${reason}”`,
  },
);

/** Who read the case when and why (supervisors and auditors only), break-glass reads highlighted. */
export function AccessLog({
  entries,
  error,
  loading,
}: {
  entries: AccessLogEntryDto[] | undefined;
  error: unknown;
  loading: boolean;
}) {
  const t = useTexts(T);
  // Newest first: the supervisor looks for recent reads.
  const rows = entries ? [...entries].reverse() : [];
  return (
    <section className="card" aria-labelledby="access-heading">
      <h3 id="access-heading">{t.accessHeading}</h3>
      <p className="muted">{t.accessIntro}</p>
      {error !== null && <ApiErrorAlert error={error} title={t.accessUnavailable} />}
      {loading && error === null && <p>{t.loading}</p>}
      {entries && entries.length === 0 && <p className="empty">{t.noAccess}</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t.time}</th>
                <th scope="col">{t.user}</th>
                <th scope="col">{t.roleOrg}</th>
                <th scope="col">{t.resource}</th>
                <th scope="col">{t.purpose}</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 50).map((e) => (
                <tr key={e.id} className={e.breakGlass ? 'row--alert' : undefined}>
                  <td>{formatDateTime(e.accessedAt)}</td>
                  <td>
                    <code>{e.user.id}</code>
                  </td>
                  <td>
                    {roleLabel(e.user.role)} · {e.user.organisationId}
                  </td>
                  <td>{t.resources[e.resource] ?? e.resource}</td>
                  <td>
                    {t.purposes[e.purpose] ?? e.purpose}
                    {e.reason && t.quote(e.reason)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > 50 && <p className="muted">{t.newest(rows.length)}</p>}
    </section>
  );
}
