import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { loginInPopup, LoginUnavailableError, PopupBlockedError } from '../auth/start-login';
import { texts, useTexts } from '../i18n/language';

const T = texts(
  {
    title: 'Sitzung abgelaufen',
    text: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an – Ihre Eingaben bleiben erhalten.',
    again: 'Erneut anmelden',
    busy: 'Anmeldung im neuen Fenster …',
    blocked:
      'Das Anmeldefenster wurde vom Browser blockiert. Bitte Pop-ups für diese Seite erlauben und erneut versuchen.',
    unavailable: 'Die Anmeldung ist hier nicht möglich: Bitte die Seite über https oder 127.0.0.1 öffnen.',
    failed: 'Die Anmeldung wurde nicht abgeschlossen. Bitte erneut versuchen.',
  },
  {
    title: 'Session expired',
    text: 'Your session has expired. Please log in again – what you entered is kept.',
    again: 'Log in again',
    busy: 'Logging in in a new window …',
    blocked: 'The browser blocked the login window. Please allow pop-ups for this page and try again.',
    unavailable: 'Logging in is not possible here: please open the page via https or 127.0.0.1.',
    failed: 'The login was not completed. Please try again.',
  },
);

/**
 * Shown above the page when the session ended (refresh refused, or the API answered 401). The page
 * below stays mounted, so what was typed stays; the login runs in a popup and the page can submit
 * once it is done. Announced (role=alert) without taking the focus from the field being typed in.
 */
export function SessionEndedBanner() {
  const t = useTexts(T);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<'blocked' | 'unavailable' | 'failed' | null>(null);

  const queryClient = useQueryClient();

  const login = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await loginInPopup();
      // What failed while logged out loads again; everything else (and every form) stays as it is.
      void queryClient.refetchQueries({ predicate: (q) => q.state.status === 'error' });
    } catch (err) {
      setBusy(false);
      setProblem(
        err instanceof PopupBlockedError ? 'blocked' : err instanceof LoginUnavailableError ? 'unavailable' : 'failed',
      );
    }
  };

  return (
    <div className="session-banner" role="alert">
      <div className="session-banner__inner">
        <p className="session-banner__title">{t.title}</p>
        <p className="session-banner__text">{t.text}</p>
        <button type="button" className="button button--primary" onClick={() => void login()} disabled={busy}>
          {busy ? t.busy : t.again}
        </button>
        {problem && <p className="field-error">{t[problem]}</p>}
      </div>
    </div>
  );
}
