import { useSyncExternalStore } from 'react';

/**
 * The interface language: German by default, English on request. Chosen in the header,
 * remembered in localStorage, written to `<html lang>`. Wording lives next to where it is used,
 * as a pair `{ de, en }` made by `texts()`, so TypeScript checks both languages have every entry.
 */
export type Language = 'de' | 'en';

export const LANGUAGES: readonly Language[] = ['de', 'en'];

const STORAGE_KEY = 'hilfenetz.language';
const listeners = new Set<() => void>();

function stored(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'de';
  } catch {
    return 'de';
  }
}

let current: Language = stored();
if (typeof document !== 'undefined') document.documentElement.lang = current;

export const getLanguage = (): Language => current;

export function setLanguage(language: Language): void {
  if (language === current) return;
  current = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode without storage: the choice lasts for this page.
  }
  document.documentElement.lang = language;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current language; the component renders again when it changes. */
export function useLanguage(): Language {
  return useSyncExternalStore(subscribe, getLanguage);
}

/** The same wording in both languages: the English entries must match the German ones key for key. */
export function texts<T>(de: T, en: NoInfer<T>): Record<Language, T> {
  return { de, en };
}

/** The wording of the current language, outside components (helpers called while rendering). */
export const pick = <T>(pair: Record<Language, T>): T => pair[current];

/** The wording of the current language in a component, which renders again on a switch. */
export function useTexts<T>(pair: Record<Language, T>): T {
  return pair[useLanguage()];
}

/** Locale for Intl formatting and sorting. */
export const locale = (): string => (current === 'de' ? 'de-DE' : 'en-GB');
