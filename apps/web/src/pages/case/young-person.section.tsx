import type { CaseView } from '@hilfenetz/contracts';
import { useOrganisations } from '../../hooks/use-organisations';
import { formatDate, formatDateTime, uhr } from '../../i18n/date-format';
import { texts, useTexts } from '../../i18n/language';

const T = texts(
  {
    person: 'Junger Mensch',
    name: 'Name',
    dateOfBirth: 'Geburtsdatum',
    address: 'Anschrift',
    provider: 'Träger',
    noProvider: 'kein Träger',
    registeredAt: 'Angelegt',
    erased: 'gelöscht',
    erasedAt: (when: string) => ` am ${when} Uhr (personenbezogene Daten gelöscht)`,
  },
  {
    person: 'Young person',
    name: 'Name',
    dateOfBirth: 'Date of birth',
    address: 'Address',
    provider: 'Care provider',
    noProvider: 'no care provider',
    registeredAt: 'Registered',
    erased: 'erased',
    erasedAt: (when: string) => ` on ${when} (personal data erased)`,
  },
);

/** The young person of a case (or that their data were erased), the Träger and when the case was registered. */
export function YoungPersonSection({ caseFile: data }: { caseFile: CaseView }) {
  const t = useTexts(T);
  const organisations = useOrganisations();
  const providerId = data.careProviderOrganisationId ?? null;
  const providerName = providerId
    ? (organisations.data?.organisations.find((o) => o.id === providerId)?.name ?? providerId)
    : null;
  return (
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
  );
}
