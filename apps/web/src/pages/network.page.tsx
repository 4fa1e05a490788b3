import type { NetworkView, PartnerView } from '@hilfenetz/contracts';
import { useCallback, useEffect, useState } from 'react';
import { Button } from '../components/button';
import { networkApi } from '../api/network-api';
import { ApiErrorAlert } from '../components/api-error-alert';
import { Alert } from '../components/alert';
import { usePageTitle } from '../hooks/use-page-title';
import { texts, useTexts } from '../i18n/language';
import { partnerKindLabel, targetGroupLabel } from '../i18n/network-terms';
import { ConsultationsSection } from './network/consultations-section';
import { ContactForm } from './network/contact-form';
import { OfferForm } from './network/offer-form';
import { PartnerAdmissionForm } from './network/partner-admission-form';
import { ReferralsSection } from './network/referrals-section';
import { RegisterSection } from './network/register-section';
import { MeetingsSection } from './network/meetings-section';

const T = texts(
  {
    title: 'Netzwerk',
    none: 'Ihre Organisation gehört zu keinem Netzwerk.',
    loading: 'Netzwerk wird geladen …',
    kind: { fruehe_hilfen: 'Netzwerk Frühe Hilfen (§ 3 KKG)', cooperation: 'Kooperationsnetzwerk' },
    coordination: 'Sie koordinieren dieses Netzwerk.',
    offersTitle: 'Angebote Ihrer Organisation',
    offersHint: 'Ihre Angebote stehen ohne Anmeldung auf der öffentlichen Seite /angebote.',
    partnersTitle: 'Partner im Netzwerk',
    partner: 'Partner',
    kindColumn: 'Art',
    region: 'Region',
    groups: 'Für wen',
    contact: 'Ansprechperson',
    missing: 'Kontakt fehlt',
    hidden: 'Nur für die Koordination sichtbar',
    leave: (name: string) => `${name} aus dem Netzwerk nehmen`,
    left: (name: string) => `${name} ist nicht mehr Partner im Netzwerk.`,
    actions: 'Aktion',
  },
  {
    title: 'Network',
    none: 'Your organisation belongs to no network.',
    loading: 'Loading the network …',
    kind: { fruehe_hilfen: 'Early-help network (§ 3 KKG)', cooperation: 'Cooperation network' },
    coordination: 'You coordinate this network.',
    offersTitle: 'Your organisation’s offers',
    offersHint: 'Your offers are on the public page /angebote, without login.',
    partnersTitle: 'Partners in the network',
    partner: 'Partner',
    kindColumn: 'Kind',
    region: 'Region',
    groups: 'For whom',
    contact: 'Contact person',
    missing: 'Contact missing',
    hidden: 'Visible to the coordination only',
    leave: (name: string) => `Remove ${name} from the network`,
    left: (name: string) => `${name} is no longer a partner of the network.`,
    actions: 'Action',
  },
);

function ContactCell({ partner, t }: { partner: PartnerView; t: (typeof T)['de'] }) {
  if (partner.contactStatus === 'missing') return <strong className="network-page__missing">{t.missing}</strong>;
  const d = partner.contact?.details;
  if (!d) return <span className="muted">{t.hidden}</span>;
  return (
    <>
      {d.name}, {d.function}
      <br />
      <a href={`tel:${d.phone.replace(/[^\d+]/g, '')}`}>{d.phone}</a> · <a href={`mailto:${d.email}`}>{d.email}</a>
      <br />
      {d.hours}
      {d.deputy && (
        <>
          <br />
          Vertretung: {d.deputy.name}
          {d.deputy.phone ? `, ${d.deputy.phone}` : ''}
        </>
      )}
    </>
  );
}

/**
 * The network for its members (issue 17): the partner's own contact entry and offers, and the
 * directory of partners with their contact or "Kontakt fehlt". `?netz=` picks one of several.
 */
export function NetworkPage({ networkId: wanted }: { networkId: string | null }) {
  const t = useTexts(T);
  usePageTitle(t.title);
  const [network, setNetwork] = useState<NetworkView | null>(null);
  const [none, setNone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  // Each change reloads the network; the forms start again from what is stored, the notice stays.
  const reload = useCallback((message: string) => {
    setNotice(message);
    setVersion((v) => v + 1);
  }, []);

  useEffect(() => {
    const abort = new AbortController();
    (async () => {
      const id = wanted ?? (await networkApi.mine(abort.signal))[0]?.networkId;
      if (!id) {
        setNone(true);
        return;
      }
      setNetwork(await networkApi.get(id, abort.signal));
    })().catch((err: unknown) => {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      setError(err);
    });
    return () => abort.abort();
  }, [wanted, version]);

  if (error !== null) return <ApiErrorAlert error={error} />;
  if (none) return <Alert tone="info">{t.none}</Alert>;
  if (!network) return <p>{t.loading}</p>;
  const own = network.partners.find((p) => p.organisationId === network.callerIs.partnerOrganisationId) ?? null;

  return (
    <div className="page network-page">
      <h1>{network.name}</h1>
      <p className="muted">
        {t.kind[network.kind]} · {network.region}
      </p>
      {network.callerIs.coordinator && <p>{t.coordination}</p>}
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}
      {own && (
        <>
          <ContactForm
            key={`${own.contact?.contactId ?? 'none'}/${version}`}
            networkId={network.networkId}
            organisationId={own.organisationId}
            contact={own.contact}
            onChanged={reload}
          />
          <section aria-labelledby="angebote-titel">
            <h2 id="angebote-titel">{t.offersTitle}</h2>
            <p className="muted">{t.offersHint}</p>
            {own.offers.map((o) => (
              <OfferForm
                key={`${o.offerId}/${version}`}
                networkId={network.networkId}
                offer={o}
                defaultRegion={own.region}
                onChanged={reload}
              />
            ))}
            <OfferForm
              key={`neu/${version}`}
              networkId={network.networkId}
              offer={null}
              defaultRegion={own.region}
              onChanged={reload}
            />
          </section>
        </>
      )}
      <section aria-labelledby="partner-titel">
        <h2 id="partner-titel">{t.partnersTitle}</h2>
        <table className="table network-page__partners">
          <thead>
            <tr>
              <th scope="col">{t.partner}</th>
              <th scope="col">{t.kindColumn}</th>
              <th scope="col">{t.region}</th>
              <th scope="col">{t.groups}</th>
              <th scope="col">{t.contact}</th>
              {network.callerIs.coordinator && <th scope="col">{t.actions}</th>}
            </tr>
          </thead>
          <tbody>
            {network.partners.map((p) => (
              <tr key={p.organisationId} data-organisation={p.organisationId}>
                <th scope="row">{p.name}</th>
                <td>{partnerKindLabel(p.kind)}</td>
                <td>{p.region}</td>
                <td>{p.targetGroups.map(targetGroupLabel).join(', ')}</td>
                <td>
                  <ContactCell partner={p} t={t} />
                </td>
                {network.callerIs.coordinator && (
                  <td>
                    <Button
                      variant="danger-outline"
                      onPress={() => {
                        networkApi.leave(network.networkId, p.organisationId).then(
                          () => reload(t.left(p.name)),
                          (err: unknown) => setError(err),
                        );
                      }}
                    >
                      {t.leave(p.name)}
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <MeetingsSection
        key={`treffen/${version}`}
        networkId={network.networkId}
        coordinator={network.callerIs.coordinator}
        partners={network.partners}
        ownOrganisationId={network.callerIs.partnerOrganisationId}
        onNotice={setNotice}
      />
      <ConsultationsSection
        key={`beratung/${version}`}
        networkId={network.networkId}
        partners={network.partners}
        onNotice={setNotice}
      />
      <ReferralsSection
        key={`vermittlung/${version}`}
        networkId={network.networkId}
        partners={network.partners}
        ownOrganisationId={network.callerIs.partnerOrganisationId}
        onNotice={setNotice}
      />
      <RegisterSection key={`register/${version}`} networkId={network.networkId} onNotice={setNotice} />
      {network.callerIs.coordinator && (
        <PartnerAdmissionForm
          key={`aufnahme/${version}`}
          networkId={network.networkId}
          subNetworks={network.subNetworks}
          onChanged={reload}
        />
      )}
    </div>
  );
}
