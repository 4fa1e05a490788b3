import { partnerKinds, targetGroups, type PartnerKind, type TargetGroup } from '@hilfenetz/contracts';
import { useState, type FormEvent } from 'react';
import { networkApi } from '../../api/network-api';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { Button } from '../../components/button';
import { TextField } from '../../components/text-field';
import { texts, useTexts } from '../../i18n/language';
import { partnerKindLabel, targetGroupLabel } from '../../i18n/network-terms';

const T = texts(
  {
    title: 'Partner aufnehmen',
    organisationId: 'Kennung der Organisation',
    organisationHint: 'Wie im Anmeldesystem, zum Beispiel org-hebammendienst-lindenau',
    name: 'Name der Organisation',
    kind: 'Art',
    chooseKind: 'Bitte wählen',
    forWhom: 'Für wen?',
    region: 'Region',
    subNetwork: 'Teilnetzwerk',
    noSubNetwork: 'Keines',
    submit: 'Partner aufnehmen',
    joined: (name: string) => `${name} ist jetzt Partner im Netzwerk.`,
  },
  {
    title: 'Admit a partner',
    organisationId: 'Organisation id',
    organisationHint: 'As in the login system, for example org-hebammendienst-lindenau',
    name: 'Name of the organisation',
    kind: 'Kind',
    chooseKind: 'Please choose',
    forWhom: 'For whom?',
    region: 'Region',
    subNetwork: 'Sub-network',
    noSubNetwork: 'None',
    submit: 'Admit the partner',
    joined: (name: string) => `${name} is now a partner of the network.`,
  },
);

interface Props {
  networkId: string;
  subNetworks: { subNetworkId: string; name: string }[];
  onChanged: (notice: string) => void;
}

/** The coordinating office admits a partner organisation with its profile (issue 17 part 1). */
export function PartnerAdmissionForm({ networkId, subNetworks, onChanged }: Props) {
  const t = useTexts(T);
  const [organisationId, setOrganisationId] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<PartnerKind | ''>('');
  const [groups, setGroups] = useState<TargetGroup[]>([]);
  const [region, setRegion] = useState('');
  const [subNetworkId, setSubNetworkId] = useState('');
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await networkApi.join(networkId, organisationId.trim(), {
        name,
        kind: kind as PartnerKind,
        targetGroups: groups,
        region,
        ...(subNetworkId ? { subNetworkId } : {}),
      });
      onChanged(t.joined(name));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form className="form card" aria-label={t.title} onSubmit={(e) => void submit(e)} noValidate>
      <h2>{t.title}</h2>
      {error !== null && <ApiErrorAlert error={error} />}
      <TextField
        id="partner-kennung"
        label={t.organisationId}
        hint={t.organisationHint}
        value={organisationId}
        onChange={setOrganisationId}
        required
      />
      <TextField id="partner-name" label={t.name} value={name} onChange={setName} required />
      <div className="field">
        <label className="field__label" htmlFor="partner-art">
          {t.kind}
        </label>
        <select
          id="partner-art"
          className="field__input"
          value={kind}
          onChange={(e) => setKind(e.target.value as PartnerKind)}
        >
          <option value="">{t.chooseKind}</option>
          {partnerKinds.map((k) => (
            <option key={k} value={k}>
              {partnerKindLabel(k)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="field">
        <legend className="field__label">{t.forWhom}</legend>
        {targetGroups.map((g) => (
          <label key={g} className="checkbox">
            <input
              type="checkbox"
              checked={groups.includes(g)}
              onChange={() => setGroups(groups.includes(g) ? groups.filter((x) => x !== g) : [...groups, g])}
            />{' '}
            {targetGroupLabel(g)}
          </label>
        ))}
      </fieldset>
      <TextField id="partner-region" label={t.region} value={region} onChange={setRegion} required />
      {subNetworks.length > 0 && (
        <div className="field">
          <label className="field__label" htmlFor="partner-teilnetz">
            {t.subNetwork}
          </label>
          <select
            id="partner-teilnetz"
            className="field__input"
            value={subNetworkId}
            onChange={(e) => setSubNetworkId(e.target.value)}
          >
            <option value="">{t.noSubNetwork}</option>
            {subNetworks.map((s) => (
              <option key={s.subNetworkId} value={s.subNetworkId}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="form__actions">
        <Button type="submit" variant="primary">
          {t.submit}
        </Button>
      </div>
    </form>
  );
}
