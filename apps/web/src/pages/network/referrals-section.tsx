import {
  referralConsentGivers,
  referralConsentScopes,
  type PartnerView,
  type ReferralAccessLog,
  type ReferralLists,
  type ReferralView,
  type SendReferralRequest,
} from '@hilfenetz/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { cooperationApi } from '../../api/network-cooperation-api';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { Button } from '../../components/button';
import { SelectField } from '../../components/select-field';
import { TextareaField } from '../../components/textarea-field';
import { TextField } from '../../components/text-field';

type Giver = (typeof referralConsentGivers)[number];
type Scope = (typeof referralConsentScopes)[number];

const GIVER: Record<Giver, string> = {
  mutter: 'Mutter',
  vater: 'Vater',
  sorgeberechtigte_person: 'Sorgeberechtigte Person',
  junge_volljaehrige: 'Junge volljährige Person',
  schwangere: 'Schwangere',
};
const SCOPE: Record<Scope, string> = {
  kontaktdaten_weitergeben: 'Kontaktdaten an den Partner weitergeben',
  anliegen_weitergeben: 'Anliegen an den Partner weitergeben',
  rueckmeldung_an_vermittler: 'Rückmeldung an uns, ob das Angebot zustande kommt',
};
const STATUS: Record<ReferralView['status'], string> = { open: 'offen', accepted: 'angenommen', declined: 'abgelehnt' };

const dateOf = (iso: string) => new Date(iso).toLocaleDateString('de-DE');
/** How often the open page looks for answers and new referrals. */
const REFRESH_MS = 5_000;
/** Today on this device (the consent's date as the family gave it; the server checks it in Berlin time). */
const today = () => new Date().toLocaleDateString('en-CA');

/** The server's reason for a field, shown at the field. */
function atField(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const reasons = error.fieldErrors.filter((e) => e.field === field || e.field.startsWith(`${field}.`));
  return reasons.length > 0 ? reasons.map((e) => e.reason).join('; ') : undefined;
}

interface Props {
  networkId: string;
  partners: PartnerView[];
  /** The caller's own partner organisation (none for the coordinating office). */
  ownOrganisationId: string | null;
  onNotice: (notice: string) => void;
}

/** Referrals between partners (issue 17 part 6): send with consent, the inbox decides, the sender sees the answer. */
export function ReferralsSection({ networkId, partners, ownOrganisationId, onNotice }: Props) {
  const [lists, setLists] = useState<ReferralLists | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const abort = new AbortController();
    cooperationApi.referrals(networkId, abort.signal).then(setLists, (err: unknown) => {
      if (!(err instanceof DOMException && err.name === 'AbortError')) setError(err);
    });
    return () => abort.abort();
  }, [networkId, version]);

  // A referral waits for the other partner: the lists look again now and then, so an answer (or a
  // new referral in the inbox) shows without reloading the page.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setVersion((v) => v + 1);
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const changed = (notice: string) => {
    onNotice(notice);
    setVersion((v) => v + 1);
  };
  const nameOf = (organisationId: string) =>
    partners.find((p) => p.organisationId === organisationId)?.name ?? organisationId;
  const offerOf = (r: ReferralView) =>
    partners.flatMap((p) => p.offers).find((o) => o.offerId === r.offerId)?.title ?? 'Angebot';

  const act = (run: () => Promise<unknown>, notice: string) => {
    run().then(
      () => changed(notice),
      (err: unknown) => setError(err),
    );
  };

  return (
    <section aria-labelledby="vermittlung-titel">
      <h2 id="vermittlung-titel">Vermittlungen zwischen Partnern</h2>
      <ReferralForm
        networkId={networkId}
        partners={partners.filter((p) => p.organisationId !== ownOrganisationId && p.offers.length > 0)}
        onSent={() => changed('Die Vermittlung ist gesendet.')}
      />
      {error !== null && <ApiErrorAlert error={error} />}
      <h3>Eingang: an uns vermittelte Familien</h3>
      {lists?.received.length === 0 && <p>Keine Vermittlungen an Ihre Stelle.</p>}
      {lists?.received.map((r) => (
        <article key={r.referralId} className="card" aria-label={`Vermittlung von ${nameOf(r.fromOrganisationId)}`}>
          <p>
            <strong>{r.family?.name}</strong> · {offerOf(r)} · von {nameOf(r.fromOrganisationId)} · Status:{' '}
            {STATUS[r.status]}
          </p>
          <p>{r.family?.needs}</p>
          {r.family?.phone && <p>Telefon: {r.family.phone}</p>}
          <p className="muted">
            Einwilligung: {GIVER[r.consent.givenBy]} am {r.consent.givenOn} · Bitte entscheiden bis{' '}
            {dateOf(r.respondBy)}
            {r.reminded && ' · Erinnerung gesendet'}
            {r.deadlineMissed && ' · Frist verpasst'}
          </p>
          {r.callerMay.decide && (
            <div className="form__actions">
              <Button
                variant="primary"
                onPress={() =>
                  act(
                    () => cooperationApi.decide(networkId, r.referralId, 'accepted'),
                    'Sie haben die Vermittlung angenommen.',
                  )
                }
              >
                Annehmen
              </Button>
              <Button
                variant="secondary"
                onPress={() =>
                  act(
                    () => cooperationApi.decide(networkId, r.referralId, 'declined'),
                    'Sie haben die Vermittlung abgelehnt.',
                  )
                }
              >
                Ablehnen
              </Button>
            </div>
          )}
        </article>
      ))}
      <h3>Von uns vermittelt</h3>
      {lists?.sent.length === 0 && <p>Sie haben noch keine Familie vermittelt.</p>}
      {lists && lists.sent.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Familie</th>
              <th scope="col">An</th>
              <th scope="col">Rückmeldung</th>
              <th scope="col">Aktion</th>
            </tr>
          </thead>
          <tbody>
            {lists.sent.map((r) => (
              <tr key={r.referralId} data-referral={r.referralId}>
                <th scope="row">{r.family?.name}</th>
                <td>
                  {nameOf(r.toOrganisationId)} ({offerOf(r)})
                </td>
                <td>
                  {STATUS[r.status]}
                  {r.deadlineMissed && r.status === 'open' && ', Frist verpasst'}
                </td>
                <td>
                  <ReferralAccessLogDetails networkId={networkId} referralId={r.referralId} nameOf={nameOf} />
                  {r.callerMay.erase && (
                    <Button
                      variant="danger-outline"
                      onPress={() =>
                        act(
                          () => cooperationApi.eraseReferral(networkId, r.referralId),
                          'Die Daten der Familie sind gelöscht.',
                        )
                      }
                    >
                      Daten der Familie löschen
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lists && lists.missed.length > 0 && (
        <>
          <h3>Verpasste Fristen im Netzwerk</h3>
          <ul>
            {lists.missed.map((r) => (
              <li key={r.referralId}>
                {nameOf(r.fromOrganisationId)} an {nameOf(r.toOrganisationId)}: Frist {dateOf(r.respondBy)} verpasst
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * Who opened the family's data (names, phone, address, children, needs): the referring partner
 * answers the family's question with it (Art. 15 DSGVO). Loaded when opened, newest first.
 */
function ReferralAccessLogDetails({
  networkId,
  referralId,
  nameOf,
}: {
  networkId: string;
  referralId: string;
  nameOf: (organisationId: string) => string;
}) {
  const [open, setOpen] = useState(false);
  const [log, setLog] = useState<ReferralAccessLog | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!open) return;
    const abort = new AbortController();
    cooperationApi.referralAccessLog(networkId, referralId, abort.signal).then(setLog, (err: unknown) => {
      if (!(err instanceof DOMException && err.name === 'AbortError')) setError(err);
    });
    return () => abort.abort();
  }, [open, networkId, referralId]);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Wer hat die Daten geöffnet?</summary>
      {error !== null && <ApiErrorAlert error={error} />}
      {open && log === null && error === null && <p>Wird geladen …</p>}
      {log?.entries.length === 0 && <p>Noch niemand.</p>}
      {log && log.entries.length > 0 && (
        <ul aria-label="Zugriffe auf die Daten der Familie">
          {log.entries.map((e, i) => (
            <li key={i}>
              {new Date(e.readAt).toLocaleString('de-DE')}: {nameOf(e.readerOrganisationId)} ({e.readerId})
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

function ReferralForm({
  networkId,
  partners,
  onSent,
}: {
  networkId: string;
  partners: PartnerView[];
  onSent: () => void;
}) {
  const offers = partners.flatMap((p) =>
    p.offers.map((o) => ({ value: `${p.organisationId}|${o.offerId}`, label: `${o.title} (${p.name})` })),
  );
  const [target, setTarget] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [needs, setNeeds] = useState('');
  const [givenBy, setGivenBy] = useState<Giver | ''>('');
  const [givenOn, setGivenOn] = useState(today());
  const [scope, setScope] = useState<Scope[]>([]);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const [toOrganisationId, offerId] = target.split('|');
    const body = {
      toOrganisationId: toOrganisationId ?? '',
      offerId: offerId ?? '',
      family: { name, needs, ...(phone ? { phone } : {}) },
      ...(givenBy ? { consent: { givenBy, givenOn, scope } } : {}),
    } as SendReferralRequest;
    try {
      await cooperationApi.refer(networkId, body);
      onSent();
    } catch (err) {
      setError(err);
    }
  };
  if (offers.length === 0) return <p>Noch kein anderer Partner hat ein Angebot, an das Sie vermitteln können.</p>;
  const consentError = atField(error, 'body.consent');
  return (
    <form className="form card" aria-label="Familie vermitteln" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Familie vermitteln</h3>
      <p className="muted">Nur mit Einwilligung der Familie. Ihre Daten werden verschlüsselt gespeichert.</p>
      {error !== null && !consentError && <ApiErrorAlert error={error} />}
      <SelectField
        id="vermittlung-angebot"
        label="An welches Angebot?"
        options={offers}
        value={target}
        onChange={setTarget}
        error={atField(error, 'body.offerId') ?? atField(error, 'body.toOrganisationId')}
      />
      <TextField
        id="vermittlung-name"
        label="Name der Familie oder Ansprechperson"
        value={name}
        onChange={setName}
        error={atField(error, 'body.family.name')}
        required
      />
      <TextField
        id="vermittlung-telefon"
        label="Telefon (freiwillig)"
        value={phone}
        onChange={setPhone}
        error={atField(error, 'body.family.phone')}
      />
      <TextareaField
        id="vermittlung-anliegen"
        label="Anliegen der Familie"
        value={needs}
        onChange={setNeeds}
        error={atField(error, 'body.family.needs')}
        rows={3}
        required
      />
      <fieldset className="field">
        <legend className="field__label">Einwilligung der Familie</legend>
        {consentError && (
          <p className="field__error" role="alert">
            Ohne Einwilligung keine Vermittlung: {consentError}
          </p>
        )}
        <SelectField
          id="vermittlung-einwilligung-von"
          label="Wer hat eingewilligt?"
          options={referralConsentGivers.map((g) => ({ value: g, label: GIVER[g] }))}
          value={givenBy}
          onChange={setGivenBy}
        />
        <TextField
          id="vermittlung-einwilligung-am"
          label="Eingewilligt am (JJJJ-MM-TT)"
          value={givenOn}
          onChange={setGivenOn}
        />
        {referralConsentScopes.map((s) => (
          <label key={s} className="checkbox">
            <input
              type="checkbox"
              checked={scope.includes(s)}
              onChange={() => setScope(scope.includes(s) ? scope.filter((x) => x !== s) : [...scope, s])}
            />{' '}
            {SCOPE[s]}
          </label>
        ))}
      </fieldset>
      <div className="form__actions">
        <Button type="submit" variant="primary">
          Vermittlung senden
        </Button>
      </div>
    </form>
  );
}
