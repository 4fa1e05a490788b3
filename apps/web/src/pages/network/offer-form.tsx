import { targetGroups, type Offer, type OfferView, type TargetGroup } from '@hilfenetz/contracts';
import { useState, type FormEvent } from 'react';
import { networkApi } from '../../api/network-api';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { Button } from '../../components/button';
import { TextareaField } from '../../components/textarea-field';
import { TextField } from '../../components/text-field';
import { texts, useTexts } from '../../i18n/language';
import { knownLanguages, languageLabel, targetGroupLabel } from '../../i18n/network-terms';

const T = texts(
  {
    newTitle: 'Neues Angebot',
    editTitle: (title: string) => `Angebot „${title}“ ändern`,
    title: 'Titel',
    description: 'Was bieten Sie an?',
    descriptionHint: 'In einfachen Worten, ohne Namen von Familien.',
    forWhom: 'Für wen?',
    region: 'Region',
    place: 'Wo?',
    reach: 'So erreicht man Sie',
    cost: 'Kosten',
    languages: 'Sprachen',
    publish: 'Angebot veröffentlichen',
    save: 'Änderungen speichern',
    withdraw: 'Angebot zurückziehen',
    published: 'Das Angebot ist veröffentlicht.',
    saved: 'Das Angebot ist geändert.',
    withdrawn: 'Das Angebot ist zurückgezogen.',
  },
  {
    newTitle: 'New offer',
    editTitle: (title: string) => `Change the offer "${title}"`,
    title: 'Title',
    description: 'What do you offer?',
    descriptionHint: 'In plain words, without names of families.',
    forWhom: 'For whom?',
    region: 'Region',
    place: 'Where?',
    reach: 'How to reach you',
    cost: 'Cost',
    languages: 'Languages',
    publish: 'Publish the offer',
    save: 'Save changes',
    withdraw: 'Withdraw the offer',
    published: 'The offer is published.',
    saved: 'The offer is changed.',
    withdrawn: 'The offer is withdrawn.',
  },
);

interface Props {
  networkId: string;
  /** The offer to change; none: a new one. */
  offer: OfferView | null;
  defaultRegion: string;
  /** After a change: the page reloads the network and says what happened. */
  onChanged: (notice: string) => void;
}

/** A partner publishes, changes or withdraws one of its offers (shown on the public page). */
export function OfferForm({ networkId, offer, defaultRegion, onChanged }: Props) {
  const t = useTexts(T);
  const [form, setForm] = useState<Offer>(
    offer
      ? {
          title: offer.title,
          description: offer.description,
          targetGroups: offer.targetGroups,
          region: offer.region,
          place: offer.place,
          howToReach: offer.howToReach,
          cost: offer.cost,
          languages: offer.languages,
        }
      : {
          title: '',
          description: '',
          targetGroups: [],
          region: defaultRegion,
          place: '',
          howToReach: '',
          cost: 'kostenlos',
          languages: ['de'],
        },
  );
  const [error, setError] = useState<unknown>(null);
  const prefix = offer ? `angebot-${offer.offerId}` : 'angebot-neu';
  const text = (k: 'title' | 'region' | 'place' | 'howToReach' | 'cost') => ({
    value: form[k],
    onChange: (v: string) => setForm({ ...form, [k]: v }),
  });
  const toggle = <K extends 'targetGroups' | 'languages'>(k: K, v: string) =>
    setForm({
      ...form,
      [k]: (form[k] as string[]).includes(v) ? (form[k] as string[]).filter((x) => x !== v) : [...form[k], v],
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      if (offer) await networkApi.changeOffer(networkId, offer.offerId, form);
      else await networkApi.publishOffer(networkId, form);
      onChanged(offer ? t.saved : t.published);
    } catch (err) {
      setError(err);
    }
  };

  const withdraw = async () => {
    try {
      await networkApi.withdrawOffer(networkId, offer!.offerId);
      onChanged(t.withdrawn);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form
      className="form card"
      aria-label={offer ? t.editTitle(offer.title) : t.newTitle}
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <h3>{offer ? t.editTitle(offer.title) : t.newTitle}</h3>
      {error !== null && <ApiErrorAlert error={error} />}
      <TextField id={`${prefix}-titel`} label={t.title} {...text('title')} required />
      <TextareaField
        id={`${prefix}-beschreibung`}
        label={t.description}
        hint={t.descriptionHint}
        value={form.description}
        onChange={(v) => setForm({ ...form, description: v })}
      />
      <fieldset className="field">
        <legend className="field__label">{t.forWhom}</legend>
        {targetGroups.map((g: TargetGroup) => (
          <label key={g} className="checkbox">
            <input type="checkbox" checked={form.targetGroups.includes(g)} onChange={() => toggle('targetGroups', g)} />{' '}
            {targetGroupLabel(g)}
          </label>
        ))}
      </fieldset>
      <TextField id={`${prefix}-region`} label={t.region} {...text('region')} required />
      <TextField id={`${prefix}-ort`} label={t.place} {...text('place')} required />
      <TextField id={`${prefix}-erreichbar`} label={t.reach} {...text('howToReach')} required />
      <TextField id={`${prefix}-kosten`} label={t.cost} {...text('cost')} required />
      <fieldset className="field">
        <legend className="field__label">{t.languages}</legend>
        {knownLanguages().map((l) => (
          <label key={l} className="checkbox">
            <input type="checkbox" checked={form.languages.includes(l)} onChange={() => toggle('languages', l)} />{' '}
            {languageLabel(l)}
          </label>
        ))}
      </fieldset>
      <div className="form__actions">
        <Button type="submit" variant="primary">
          {offer ? t.save : t.publish}
        </Button>
        {offer && (
          <Button type="button" variant="danger-outline" onPress={() => void withdraw()}>
            {t.withdraw}
          </Button>
        )}
      </div>
    </form>
  );
}
