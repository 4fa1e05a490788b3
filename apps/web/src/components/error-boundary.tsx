import { Component, type ErrorInfo, type ReactNode } from 'react';
import { pick, texts } from '../i18n/language';

const T = texts(
  {
    heading: 'Etwas ist schiefgelaufen',
    text: 'Die Anzeige ist auf einen unerwarteten Fehler gestoßen. Bitte laden Sie die Seite neu. Bereits bestätigte Aktionen, etwa eine ausgelöste Krise, bleiben bestehen.',
    reload: 'Seite neu laden',
  },
  {
    heading: 'Something went wrong',
    text: 'The display ran into an unexpected error. Please reload the page. Actions already confirmed, such as a triggered crisis, remain in place.',
    reload: 'Reload page',
  },
);

interface State {
  failed: boolean;
}

/** Last line of defence: a programming error shows a German message instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('hilfenetz web: unhandled error', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    const t = pick(T);
    return (
      <main className="page page--narrow" id="inhalt">
        <h1>{t.heading}</h1>
        <div className="alert alert--error" role="alert">
          <p>{t.text}</p>
        </div>
        <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
          {t.reload}
        </button>
      </main>
    );
  }
}
