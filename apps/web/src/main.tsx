import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isPermanent } from './api/api-error';
import { App } from './app';
import { ErrorBoundary } from './components/error-boundary';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/forms.css';
import './styles/feedback.css';
import './styles/content.css';
import './styles/timeline.css';
import './styles/board.css';
import './styles/hilfeplanung.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks the #root element');

const queryClient = new QueryClient({
  defaultOptions: {
    // Login, role and input failures do not pass by asking again.
    queries: { retry: (n, err) => !isPermanent(err) && n < 2, staleTime: 1_000 },
    mutations: { retry: false },
  },
});

createRoot(container).render(
  <StrictMode>
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </ErrorBoundary>
  </StrictMode>,
);
