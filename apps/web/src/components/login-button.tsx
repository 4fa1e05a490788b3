import { useState } from 'react';
import { LoginUnavailableError, startLogin } from '../auth/start-login';
import { texts, useTexts } from '../i18n/language';

const T = texts(
  {
    login: 'Anmelden',
    unavailable: 'Die Anmeldung ist hier nicht möglich: Bitte die Seite über https oder 127.0.0.1 öffnen.',
    failed: 'Die Anmeldung konnte nicht gestartet werden. Bitte erneut versuchen.',
    redirecting: 'Weiterleitung zur Anmeldung …',
  },
  {
    login: 'Log in',
    unavailable: 'Logging in is not possible here: please open the page via https or 127.0.0.1.',
    failed: 'The login could not be started. Please try again.',
    redirecting: 'Redirecting to the login …',
  },
);

interface LoginButtonProps {
  label?: string;
  className?: string;
}

/** Starts the login at the issuer and comes back to the page the user is on. */
export function LoginButton({ label, className = 'button button--primary' }: LoginButtonProps) {
  const t = useTexts(T);
  const [problem, setProblem] = useState<'unavailable' | 'failed' | null>(null);
  const [busy, setBusy] = useState(false);

  const login = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const here = window.location.pathname + window.location.search;
      await startLogin(here === '/callback' ? '/' : here);
    } catch (err) {
      setBusy(false);
      setProblem(err instanceof LoginUnavailableError ? 'unavailable' : 'failed');
    }
  };

  return (
    <>
      <button type="button" className={className} onClick={() => void login()} disabled={busy}>
        {busy ? t.redirecting : (label ?? t.login)}
      </button>
      {problem && (
        <p className="field-error" role="alert">
          {t[problem]}
        </p>
      )}
    </>
  );
}
