import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { I18nProvider } from 'react-aria-components';
import { createRoot } from 'react-dom/client';
import { isPermanent } from './api/api-error';
import { App } from './app';
import { ErrorBoundary } from './components/error-boundary';
import { useLanguage } from './i18n/language';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/forms.css';
import './styles/feedback.css';
import './styles/content.css';
import './styles/timeline.css';
import './styles/board.css';
import './styles/hilfeplanung.css';
import './styles/briefing.css';
import './styles/offline.css';
import './styles/quality-report.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks the #root element');

const queryClient = new QueryClient({
  defaultOptions: {
    // Login, role and input failures do not pass by asking again.
    queries: { retry: (n, err) => !isPermanent(err) && n < 2, staleTime: 1_000 },
    mutations: { retry: false },
  },
});

/**
 * Renders the whole app again when the language changes (state and cached data stay), so every
 * text, including those from plain helper functions, follows the switch. React Aria's own words
 * (e.g. hidden "dismiss" buttons) follow through its I18nProvider.
 */
function Root() {
  const language = useLanguage();
  return (
    <I18nProvider locale={language === 'de' ? 'de-DE' : 'en-GB'}>
      <ErrorBoundary>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </ErrorBoundary>
    </I18nProvider>
  );
}

createRoot(container).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
