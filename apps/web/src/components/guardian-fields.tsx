import type { GuardianChannel, GuardianDetails, GuardianRelation } from '@hilfenetz/contracts';
import { E164, normalisePhone } from '../forms/phone';
import { channelOptions, languageOptions, relationOptions } from '../i18n/guardians';
import { texts, useTexts } from '../i18n/language';
import { RadioGroup } from './radio-group';
import { SelectField } from './select-field';
import { TextField } from './text-field';

/** A guardian as typed into a form (strings, nothing chosen yet = ''). */
export interface GuardianDraft {
  name: string;
  relation: GuardianRelation | '';
  phone: string;
  email: string;
  language: string;
  preferredChannel: GuardianChannel;
}

/** A guardian's fields, in the order of the form. */
export const GUARDIAN_FIELDS = ['name', 'relation', 'phone', 'email', 'language', 'preferredChannel'] as const;
export type GuardianField = (typeof GUARDIAN_FIELDS)[number];

/** How many guardians a case takes (the API's limit too). */
export const MAX_GUARDIANS = 4;

export const emptyGuardian = (): GuardianDraft => ({
  name: '',
  relation: '',
  phone: '',
  email: '',
  language: 'de',
  preferredChannel: 'phone',
});

export const draftOf = (g: GuardianDetails): GuardianDraft => ({
  name: g.name,
  relation: g.relation,
  phone: g.phone ?? '',
  email: g.email ?? '',
  language: g.language,
  preferredChannel: g.preferredChannel,
});

const T = texts(
  {
    problems: {
      nameMissing: 'Bitte den Namen angeben (mindestens 2 Zeichen).',
      relationMissing: 'Bitte auswählen, in welcher Beziehung die Person zum jungen Menschen steht.',
      phoneInvalid: 'Bitte die Nummer im internationalen Format angeben: + und Ländervorwahl, z. B. +49 151 12345678.',
      contactMissing: 'Bitte eine Telefonnummer oder eine E-Mail-Adresse angeben.',
      phoneNeeded: 'SMS und Anruf brauchen eine Telefonnummer.',
      emailInvalid: 'Bitte eine gültige E-Mail-Adresse angeben, z. B. name@beispiel.de.',
      emailNeeded: 'Für den Weg „E-Mail“ bitte eine E-Mail-Adresse angeben.',
    },
    name: 'Name',
    nameHint: 'Vor- und Nachname, wie die Person angesprochen wird.',
    relation: 'Beziehung zum jungen Menschen',
    choose: 'Bitte wählen',
    phone: 'Mobilnummer',
    phoneHint: 'Internationales Format mit +49…, z. B. +49 151 12345678. Für SMS und Anruf.',
    email: 'E-Mail (optional)',
    language: 'Sprache',
    languageHint: 'Nachrichten sind deutsch; die Sprache ist ein Hinweis für Anrufe.',
    channel: 'Bevorzugter Weg',
  },
  {
    problems: {
      nameMissing: 'Please enter the name (at least 2 characters).',
      relationMissing: 'Please choose how the person is related to the young person.',
      phoneInvalid: 'Please enter the number in international format: + and country code, e.g. +49 151 12345678.',
      contactMissing: 'Please enter a phone number or an e-mail address.',
      phoneNeeded: 'SMS and calls need a phone number.',
      emailInvalid: 'Please enter a valid e-mail address, e.g. name@example.org.',
      emailNeeded: 'The “e-mail” channel needs an e-mail address.',
    },
    name: 'Name',
    nameHint: 'First and last name, as the person is addressed.',
    relation: 'Relation to the young person',
    choose: 'Please choose',
    phone: 'Mobile number',
    phoneHint: 'International format with +49…, e.g. +49 151 12345678. For SMS and calls.',
    email: 'E-mail (optional)',
    language: 'Language',
    languageHint: 'Messages are in German; the language is a note for calls.',
    channel: 'Preferred channel',
  },
);

export type GuardianProblem = keyof (typeof T)['de']['problems'];

/** What is obviously missing or malformed before sending; the API checks everything again. */
export function guardianProblems(g: GuardianDraft): Partial<Record<GuardianField, GuardianProblem>> {
  const errors: Partial<Record<GuardianField, GuardianProblem>> = {};
  const phone = normalisePhone(g.phone);
  const email = g.email.trim();
  if (g.name.trim().length < 2) errors.name = 'nameMissing';
  if (!g.relation) errors.relation = 'relationMissing';
  if (phone && !E164.test(phone)) errors.phone = 'phoneInvalid';
  else if (!phone && !email) errors.phone = 'contactMissing';
  else if (!phone && g.preferredChannel !== 'email') errors.phone = 'phoneNeeded';
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'emailInvalid';
  else if (!email && g.preferredChannel === 'email') errors.email = 'emailNeeded';
  return errors;
}

/** The worded problems of one guardian, in the language shown now. */
export function useGuardianProblemTexts() {
  return useTexts(T).problems;
}

export function guardianDetailsOf(g: GuardianDraft): GuardianDetails {
  const phone = normalisePhone(g.phone);
  const email = g.email.trim();
  return {
    name: g.name.trim(),
    relation: g.relation as GuardianRelation,
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    language: g.language || 'de',
    preferredChannel: g.preferredChannel,
  };
}

interface GuardianFieldsProps {
  /** Unique per guardian on the page, for the fields' ids. */
  idPrefix: string;
  value: GuardianDraft;
  onChange: (next: GuardianDraft) => void;
  errors: Partial<Record<GuardianField, string>>;
  disabled?: boolean;
}

/** One guardian's contact details: name, relation, phone (E.164), e-mail, language, channel. */
export function GuardianFields({ idPrefix, value, onChange, errors, disabled }: GuardianFieldsProps) {
  const t = useTexts(T);
  const set =
    <K extends keyof GuardianDraft>(key: K) =>
    (v: GuardianDraft[K]) =>
      onChange({ ...value, [key]: v });
  return (
    <div className="guardian-fields">
      <TextField
        id={`${idPrefix}-name`}
        label={t.name}
        hint={t.nameHint}
        value={value.name}
        onChange={set('name')}
        error={errors.name}
        maxLength={120}
        autoComplete="off"
        required
        disabled={!!disabled}
      />
      <SelectField
        id={`${idPrefix}-relation`}
        label={t.relation}
        options={relationOptions()}
        value={value.relation}
        onChange={set('relation')}
        placeholder={t.choose}
        error={errors.relation}
        disabled={!!disabled}
      />
      <TextField
        id={`${idPrefix}-phone`}
        type="tel"
        label={t.phone}
        hint={t.phoneHint}
        value={value.phone}
        onChange={set('phone')}
        error={errors.phone}
        maxLength={24}
        autoComplete="off"
        placeholder="+49"
        disabled={!!disabled}
      />
      <TextField
        id={`${idPrefix}-email`}
        type="email"
        label={t.email}
        value={value.email}
        onChange={set('email')}
        error={errors.email}
        maxLength={200}
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="off"
        disabled={!!disabled}
      />
      <SelectField
        id={`${idPrefix}-language`}
        label={t.language}
        hint={t.languageHint}
        options={languageOptions(value.language)}
        value={value.language}
        onChange={set('language')}
        error={errors.language}
        disabled={!!disabled}
      />
      <RadioGroup
        name={`${idPrefix}-channel`}
        legend={t.channel}
        options={channelOptions()}
        value={value.preferredChannel}
        onChange={set('preferredChannel')}
        error={errors.preferredChannel}
        disabled={!!disabled}
      />
    </div>
  );
}
