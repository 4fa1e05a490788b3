import { ApiError } from '../api/api-error';
import { planningErrorMessage } from '../i18n/hilfeplanung';
import { texts, useTexts } from '../i18n/language';
import { Alert } from './alert';
import { ApiErrorAlert } from './api-error-alert';

const T = texts({ retry: 'Bitte erneut versuchen.' }, { retry: 'Please try again.' });

/** A failed Hilfeplanung call in plain German; login and network failures as everywhere else. */
export function PlanningErrorAlert({ error, title }: { error: unknown; title: string }) {
  const t = useTexts(T);
  if (
    error instanceof ApiError &&
    (error.kind === 'invalid' || error.kind === 'conflict' || error.kind === 'not_found')
  ) {
    return (
      <Alert tone="error" title={title}>
        <p>{planningErrorMessage(error)}</p>
      </Alert>
    );
  }
  return <ApiErrorAlert error={error} title={title} retryHint={t.retry} />;
}
