import { ApiError } from '../api/api-error';
import { errorMessage, isTransient } from '../i18n/api-messages';
import { texts, useTexts } from '../i18n/language';
import { Alert } from './alert';
import { LoginButton } from './login-button';

const T = texts({ loginAgain: 'Erneut anmelden' }, { loginAgain: 'Log in again' });

interface ApiErrorAlertProps {
  error: unknown;
  title?: string;
  /** Further messages, e.g. about request parts no form field shows. */
  details?: string[];
  /** What happens or what to do when the failure may pass (no connection, server error). */
  retryHint?: string;
  /** What a 409 means for this action (the default speaks of cancelling a crisis). */
  conflictMessage?: string;
}

/** Shows a failed API call in plain words; offers a new login when the old one has expired. */
export function ApiErrorAlert({ error, title, details = [], retryHint, conflictMessage }: ApiErrorAlertProps) {
  const t = useTexts(T);
  const unauthorized = error instanceof ApiError && error.kind === 'unauthorized';
  return (
    <Alert tone="error" {...(title ? { title } : {})}>
      <p>
        {conflictMessage && error instanceof ApiError && error.kind === 'conflict'
          ? conflictMessage
          : errorMessage(error)}
        {retryHint && isTransient(error) && <> {retryHint}</>}
      </p>
      {details.length > 0 && (
        <ul>
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      {unauthorized && <LoginButton label={t.loginAgain} className="button button--secondary" />}
    </Alert>
  );
}
