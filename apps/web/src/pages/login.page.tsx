import { LoginButton } from '../components/login-button';
import { usePageTitle } from '../hooks/use-page-title';

/** Shown to everyone not logged in: one clear way in. */
export function LoginPage() {
  usePageTitle('Anmeldung');
  return (
    <main id="inhalt" className="page page--narrow login">
      <p className="brand brand--large">hilfenetz</p>
      <h1>Anmeldung</h1>
      <p>
        hilfenetz koordiniert Krisen im Fall zwischen Jugendamt, Trägern, Klinik und Leitstelle. Bitte melden Sie sich
        mit Ihrem Dienstzugang an.
      </p>
      <LoginButton />
    </main>
  );
}
