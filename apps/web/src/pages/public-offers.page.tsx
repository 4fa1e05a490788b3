import type { PublicOfferView } from '@hilfenetz/contracts';
import { targetGroups } from '@hilfenetz/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { networkApi } from '../api/network-api';
import { ApiError } from '../api/api-error';
import { Alert } from '../components/alert';
import { Button } from '../components/button';
import { LanguageSwitch } from '../components/language-switch';
import { usePageTitle } from '../hooks/use-page-title';
import { texts, useTexts } from '../i18n/language';
import { knownLanguages, languageLabel, partnerKindLabel, targetGroupLabel } from '../i18n/network-terms';

const T = texts(
  {
    title: 'Hilfe für Familien finden',
    intro:
      'Hier finden Sie Angebote für Schwangere und für Familien mit Kindern. Die Angebote kommen von den Partnern im Netzwerk Frühe Hilfen. Sie brauchen kein Konto. Die Seite speichert nichts über Sie.',
    search: 'Angebote suchen',
    region: 'Wo wohnen Sie?',
    anyRegion: 'Überall',
    group: 'Für wen?',
    anyGroup: 'Für alle',
    language: 'In welcher Sprache?',
    anyLanguage: 'Alle Sprachen',
    words: 'Suchwort (zum Beispiel Stillen)',
    submit: 'Suchen',
    found: (n: number) => (n === 1 ? '1 Angebot gefunden' : `${n} Angebote gefunden`),
    none: 'Zu Ihrer Suche gibt es leider kein Angebot. Wählen Sie weniger aus, zum Beispiel „Überall“.',
    from: 'Von',
    forWhom: 'Für wen',
    where: 'Wo',
    reach: 'So erreichen Sie uns',
    cost: 'Kosten',
    languages: 'Sprachen',
    loading: 'Angebote werden geladen …',
    tooFast: 'Sie haben sehr oft gesucht. Bitte warten Sie eine Minute.',
    failed: 'Die Angebote können gerade nicht geladen werden. Bitte versuchen Sie es später noch einmal.',
  },
  {
    title: 'Find help for families',
    intro:
      'Here you find offers for pregnant women and families with children, from the partners of the early-help network. You need no account. This page stores nothing about you.',
    search: 'Search offers',
    region: 'Where do you live?',
    anyRegion: 'Anywhere',
    group: 'For whom?',
    anyGroup: 'For everyone',
    language: 'In which language?',
    anyLanguage: 'All languages',
    words: 'Search word (for example breastfeeding)',
    submit: 'Search',
    found: (n: number) => (n === 1 ? '1 offer found' : `${n} offers found`),
    none: 'There is no offer for your search. Choose less, for example "Anywhere".',
    from: 'From',
    forWhom: 'For whom',
    where: 'Where',
    reach: 'How to reach us',
    cost: 'Cost',
    languages: 'Languages',
    loading: 'Loading offers …',
    tooFast: 'You searched very often. Please wait a minute.',
    failed: 'The offers cannot be loaded just now. Please try again later.',
  },
);

interface Filters {
  region: string;
  targetGroup: string;
  language: string;
  q: string;
}

/**
 * The public offer page (issue 17 part 3): no login, plain German, for families and
 * professionals. Searchable by region, target group and language; shows offers and institutions,
 * never a person.
 */
export function PublicOffersPage() {
  const t = useTexts(T);
  usePageTitle(t.title);
  const [form, setForm] = useState<Filters>({ region: '', targetGroup: '', language: '', q: '' });
  const [filters, setFilters] = useState<Filters>(form);
  const [offers, setOffers] = useState<PublicOfferView[] | null>(null);
  const [regions, setRegions] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    setProblem(null);
    networkApi
      .publicOffers(filters, abort.signal)
      .then((list) => {
        setOffers(list.offers);
        // The regions to choose from: those of the offers there are (learned from the first, unfiltered answer).
        setRegions((known) =>
          known.length
            ? known
            : [...new Set(list.offers.map((o) => o.region))].sort((a, b) => a.localeCompare(b, 'de')),
        );
      })
      .catch((err: unknown) => {
        if (err instanceof DOMException && err.name === 'AbortError') return;
        setProblem(err instanceof ApiError && err.status === 429 ? t.tooFast : t.failed);
      });
    return () => abort.abort();
  }, [filters, t.failed, t.tooFast]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A new object each time: "Suchen" searches again even when nothing in the form changed.
    setFilters({ ...form });
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  return (
    <main id="inhalt" className="page page--narrow offers-page">
      <LanguageSwitch />
      <p className="brand brand--large">hilfenetz</p>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <form role="search" aria-label={t.search} className="form offers-page__search" onSubmit={submit}>
        <div className="field">
          <label className="field__label" htmlFor="angebote-region">
            {t.region}
          </label>
          <select id="angebote-region" className="field__input" value={form.region} onChange={set('region')}>
            <option value="">{t.anyRegion}</option>
            {regions.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="angebote-gruppe">
            {t.group}
          </label>
          <select id="angebote-gruppe" className="field__input" value={form.targetGroup} onChange={set('targetGroup')}>
            <option value="">{t.anyGroup}</option>
            {targetGroups.map((g) => (
              <option key={g} value={g}>
                {targetGroupLabel(g)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="angebote-sprache">
            {t.language}
          </label>
          <select id="angebote-sprache" className="field__input" value={form.language} onChange={set('language')}>
            <option value="">{t.anyLanguage}</option>
            {knownLanguages().map((l) => (
              <option key={l} value={l}>
                {languageLabel(l)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="angebote-suchwort">
            {t.words}
          </label>
          <input
            id="angebote-suchwort"
            type="search"
            className="field__input"
            value={form.q}
            onChange={set('q')}
            maxLength={100}
          />
        </div>
        <div className="form__actions">
          <Button type="submit" variant="primary">
            {t.submit}
          </Button>
        </div>
      </form>
      {problem && (
        <Alert tone="error">
          <p>{problem}</p>
        </Alert>
      )}
      <section aria-labelledby="angebote-ergebnis">
        <h2 id="angebote-ergebnis" aria-live="polite">
          {offers === null ? t.loading : t.found(offers.length)}
        </h2>
        {offers?.length === 0 && <p>{t.none}</p>}
        <ul className="offers-page__list" style={{ listStyle: 'none', padding: 0 }}>
          {offers?.map((o) => (
            <li key={o.offerId} className="card offers-page__offer">
              <article aria-labelledby={`angebot-${o.offerId}`}>
                <h3 id={`angebot-${o.offerId}`}>{o.title}</h3>
                <p className="muted">
                  {t.from}: {o.partnerName} ({partnerKindLabel(o.partnerKind)})
                </p>
                <p>{o.description}</p>
                <dl className="facts">
                  <dt>{t.forWhom}</dt>
                  <dd>{o.targetGroups.map(targetGroupLabel).join(', ')}</dd>
                  <dt>{t.where}</dt>
                  <dd>
                    {o.place} ({o.region})
                  </dd>
                  <dt>{t.reach}</dt>
                  <dd>{o.howToReach}</dd>
                  <dt>{t.cost}</dt>
                  <dd>{o.cost}</dd>
                  <dt>{t.languages}</dt>
                  <dd>{o.languages.map(languageLabel).join(', ')}</dd>
                </dl>
              </article>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
