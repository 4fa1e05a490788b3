import { LanguageSwitch } from '../components/language-switch';
import { LoginButton } from '../components/login-button';
import { usePageTitle } from '../hooks/use-page-title';
import { texts, useTexts } from '../i18n/language';

const T = texts(
  {
    title: 'Anmeldung',
    text: 'hilfenetz koordiniert Krisen im Fall zwischen Jugendamt, Trägern, Klinik und Leitstelle. Bitte melden Sie sich mit Ihrem Dienstzugang an.',
  },
  {
    title: 'Login',
    text: 'hilfenetz coordinates crises in a case between the youth welfare office, care providers, the clinic and the dispatch centre. Please log in with your work account.',
  },
);

/** Shown to everyone not logged in: one clear way in. */
export function LoginPage() {
  const t = useTexts(T);
  usePageTitle(t.title);
  return (
    <main id="inhalt" className="page page--narrow login">
      <LanguageSwitch />
      <p className="brand brand--large">hilfenetz</p>
      <h1>{t.title}</h1>
      <p>{t.text}</p>
      <LoginButton />
    </main>
  );
}
