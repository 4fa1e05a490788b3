import { Button } from './button';
import { setLanguage, useLanguage, type Language } from '../i18n/language';

/** Each language names itself in its own words, so it is found whatever is shown now. */
const NAMES: Record<Language, string> = { de: 'Deutsch', en: 'English' };

/** Switches the interface between German (default) and English; the choice is remembered. */
export function LanguageSwitch() {
  const current = useLanguage();
  return (
    <div className="language-switch" role="group" aria-label={current === 'de' ? 'Sprache' : 'Language'}>
      {(Object.keys(NAMES) as Language[]).map((l) => (
        <Button
          key={l}
          variant="quiet"
          className="language-switch__option"
          lang={l}
          aria-pressed={current === l}
          onPress={() => setLanguage(l)}
        >
          {NAMES[l]}
        </Button>
      ))}
    </div>
  );
}
