import { useEffect, useState } from 'react';
import { LoginError, type LoginFailure } from '../auth/code-exchange';
import { completeLogin } from '../auth/complete-login';
import { sessionStore } from '../auth/session-store';
import { Alert } from '../components/alert';
import { LoginButton } from '../components/login-button';
import { usePageTitle } from '../hooks/use-page-title';
import { navigate } from '../routing/navigation';

const MESSAGES: Record<LoginFailure | 'unknown', string> = {
  network: 'Keine Verbindung zum Anmeldedienst. Bitte Netzwerk prüfen und erneut anmelden.',
  rejected: 'Der Anmeldedienst hat die Anmeldung nicht bestätigt (z. B. weil sie zu lange gedauert hat).',
  state_mismatch: 'Diese Anmeldung passt nicht zu einer von hier gestarteten Anmeldung.',
  denied: 'Die Anmeldung wurde abgelehnt.',
  unknown: 'Die Anmeldung konnte nicht abgeschlossen werden.',
};

/** Landing page after the issuer's login: exchanges the code, then goes back where the user was. */
export function CallbackPage({ search }: { search: string }) {
  usePageTitle('Anmeldung wird abgeschlossen');
  const [failure, setFailure] = useState<LoginFailure | 'unknown' | null>(null);

  useEffect(() => {
    let active = true;
    completeLogin(search)
      .then((returnTo) => active && navigate(returnTo, { replace: true }))
      .catch((err: unknown) => {
        if (!active) return;
        // An old callback URL (back button) while logged in: nothing to do.
        if (err instanceof LoginError && err.failure === 'state_mismatch' && sessionStore.get()) {
          navigate('/', { replace: true });
          return;
        }
        console.error('login failed', err);
        setFailure(err instanceof LoginError ? err.failure : 'unknown');
      });
    return () => {
      active = false;
    };
  }, [search]);

  return (
    <main id="inhalt" className="page page--narrow login">
      <p className="brand brand--large">hilfenetz</p>
      <h1>Anmeldung</h1>
      {failure ? (
        <>
          <Alert tone="error" title="Anmeldung fehlgeschlagen">
            <p>{MESSAGES[failure]}</p>
          </Alert>
          <LoginButton label="Erneut anmelden" />
        </>
      ) : (
        <p role="status">Anmeldung wird abgeschlossen …</p>
      )}
    </main>
  );
}
