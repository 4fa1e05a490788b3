import type { GuardianChannel, GuardianRelation } from '@hilfenetz/contracts';
import type { Option } from './crisis-terms';
import { pick, texts } from './language';

const T = texts(
  {
    relations: [
      { value: 'mother', label: 'Mutter' },
      { value: 'father', label: 'Vater' },
      { value: 'parent', label: 'Elternteil' },
      { value: 'official_guardian', label: 'Amtsvormund/Amtsvormundin' },
      { value: 'private_guardian', label: 'Vormund/Vormundin (Einzelvormundschaft)' },
      { value: 'supplementary_carer', label: 'Ergänzungspfleger/in' },
      { value: 'other', label: 'Andere Person mit Sorgerecht' },
    ] as Option<GuardianRelation>[],
    channels: [
      { value: 'phone', label: 'SMS', hint: 'Kurznachricht mit Bestätigungscode' },
      { value: 'voice', label: 'Anruf', hint: 'Sprachanruf mit Bestätigungscode' },
      { value: 'email', label: 'E-Mail' },
    ] as Option<GuardianChannel>[],
    languages: [
      { value: 'de', label: 'Deutsch' },
      { value: 'en', label: 'Englisch' },
      { value: 'tr', label: 'Türkisch' },
      { value: 'ar', label: 'Arabisch' },
      { value: 'uk', label: 'Ukrainisch' },
      { value: 'ru', label: 'Russisch' },
      { value: 'pl', label: 'Polnisch' },
      { value: 'ro', label: 'Rumänisch' },
      { value: 'fa', label: 'Persisch (Farsi)' },
      { value: 'fr', label: 'Französisch' },
    ] as Option<string>[],
  },
  {
    relations: [
      { value: 'mother', label: 'Mother' },
      { value: 'father', label: 'Father' },
      { value: 'parent', label: 'Parent' },
      { value: 'official_guardian', label: 'Official guardian (youth office)' },
      { value: 'private_guardian', label: 'Private guardian' },
      { value: 'supplementary_carer', label: 'Supplementary carer' },
      { value: 'other', label: 'Other person with custody' },
    ],
    channels: [
      { value: 'phone', label: 'SMS', hint: 'Text message with a confirmation code' },
      { value: 'voice', label: 'Call', hint: 'Voice call with a confirmation code' },
      { value: 'email', label: 'E-mail' },
    ],
    languages: [
      { value: 'de', label: 'German' },
      { value: 'en', label: 'English' },
      { value: 'tr', label: 'Turkish' },
      { value: 'ar', label: 'Arabic' },
      { value: 'uk', label: 'Ukrainian' },
      { value: 'ru', label: 'Russian' },
      { value: 'pl', label: 'Polish' },
      { value: 'ro', label: 'Romanian' },
      { value: 'fa', label: 'Persian (Farsi)' },
      { value: 'fr', label: 'French' },
    ],
  },
);

export const relationOptions = (): Option<GuardianRelation>[] => pick(T).relations;
export const channelOptions = (): Option<GuardianChannel>[] => pick(T).channels;
/** A language already recorded but not offered keeps its code as its label. */
export const languageOptions = (current?: string): Option<string>[] => {
  const list = pick(T).languages;
  return current && !list.some((o) => o.value === current) ? [...list, { value: current, label: current }] : list;
};

const labelOf = <V extends string>(options: Option<V>[], value: unknown): string =>
  options.find((o) => o.value === value)?.label ?? String(value);
export const relationLabel = (v: unknown): string => labelOf(relationOptions(), v);
export const channelLabel = (v: unknown): string => labelOf(channelOptions(), v);
export const languageLabel = (v: unknown): string => labelOf(languageOptions(), v);
