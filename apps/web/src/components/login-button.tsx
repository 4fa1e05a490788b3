import { useState } from 'react';
import { LoginUnavailableError, startLogin } from '../auth/start-login';

interface LoginButtonProps {
  label?: string;
  className?: string;
}

/** Starts the login at the issuer and comes back to the page the user is on. */
export function LoginButton({ label = 'Anmelden', className = 'button button--primary' }: LoginButtonProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const login = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const here = window.location.pathname + window.location.search;
      await startLogin(here === '/callback' ? '/' : here);
    } catch (err) {
      setBusy(false);
      setProblem(
        err instanceof LoginUnavailableError
          ? 'Die Anmeldung ist hier nicht möglich: Bitte die Seite über https oder 127.0.0.1 öffnen.'
          : 'Die Anmeldung konnte nicht gestartet werden. Bitte erneut versuchen.',
      );
    }
  };

  return (
    <>
      <button type="button" className={className} onClick={() => void login()} disabled={busy}>
        {busy ? 'Weiterleitung zur Anmeldung …' : label}
      </button>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
