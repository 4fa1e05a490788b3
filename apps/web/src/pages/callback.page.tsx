import { useEffect, useState } from 'react';
import { LoginError, type LoginFailure } from '../auth/code-exchange';
import { completeLogin } from '../auth/complete-login';
import { sessionStore } from '../auth/session-store';
import { POPUP_CHANNEL, POPUP_STATE_PREFIX, type PopupLoginMessage } from '../auth/start-login';
import { Alert } from '../components/alert';
import { LoginButton } from '../components/login-button';
import { usePageTitle } from '../hooks/use-page-title';
import { texts, useTexts } from '../i18n/language';
import { navigate } from '../routing/navigation';

const T = texts(
  {
    messages: {
      network: 'Keine Verbindung zum Anmeldedienst. Bitte Netzwerk prüfen und erneut anmelden.',
      rejected: 'Der Anmeldedienst hat die Anmeldung nicht bestätigt (z. B. weil sie zu lange gedauert hat).',
      state_mismatch: 'Diese Anmeldung passt nicht zu einer von hier gestarteten Anmeldung.',
      denied: 'Die Anmeldung wurde abgelehnt.',
      unknown: 'Die Anmeldung konnte nicht abgeschlossen werden.',
    } as Record<LoginFailure | 'unknown', string>,
    title: 'Anmeldung wird abgeschlossen',
    heading: 'Anmeldung',
    failed: 'Anmeldung fehlgeschlagen',
    again: 'Erneut anmelden',
    completing: 'Anmeldung wird abgeschlossen …',
    popupDone: 'Sie sind wieder angemeldet. Dieses Fenster kann geschlossen werden.',
  },
  {
    messages: {
      network: 'No connection to the login service. Please check the network and log in again.',
      rejected: 'The login service did not confirm the login (e.g. because it took too long).',
      state_mismatch: 'This login does not match a login started from here.',
      denied: 'The login was refused.',
      unknown: 'The login could not be completed.',
    },
    title: 'Completing login',
    heading: 'Login',
    failed: 'Login failed',
    again: 'Log in again',
    completing: 'Completing login …',
    popupDone: 'You are logged in again. This window can be closed.',
  },
);

/** A login in a popup (session ended while a form was open): the page that opened it exchanges the code. */
const fromPopup = (search: string) => new URLSearchParams(search).get('state')?.startsWith(POPUP_STATE_PREFIX) === true;

/**
 * Landing page after the issuer's login: exchanges the code, then goes back where the user was. In
 * the login popup it hands code and state to the page that opened it and closes.
 */
export function CallbackPage({ search }: { search: string }) {
  const t = useTexts(T);
  usePageTitle(t.title);
  const [failure, setFailure] = useState<LoginFailure | 'unknown' | null>(null);
  const popup = fromPopup(search);

  useEffect(() => {
    if (!popup) return;
    const channel = new BroadcastChannel(POPUP_CHANNEL);
    channel.postMessage({ type: 'hilfenetz.login.callback', search } satisfies PopupLoginMessage);
    channel.close();
    window.close();
  }, [popup, search]);

  useEffect(() => {
    if (popup) return;
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
  }, [popup, search]);

  if (popup) {
    return (
      <main id="inhalt" className="page page--narrow login">
        <p className="brand brand--large">hilfenetz</p>
        <h1>{t.heading}</h1>
        <p role="status">{t.popupDone}</p>
      </main>
    );
  }

  return (
    <main id="inhalt" className="page page--narrow login">
      <p className="brand brand--large">hilfenetz</p>
      <h1>{t.heading}</h1>
      {failure ? (
        <>
          <Alert tone="error" title={t.failed}>
            <p>{t.messages[failure]}</p>
          </Alert>
          <LoginButton label={t.again} />
        </>
      ) : (
        <p role="status">{t.completing}</p>
      )}
    </main>
  );
}
