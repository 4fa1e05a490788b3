import { Component, type ErrorInfo, type ReactNode } from 'react';

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
    return (
      <main className="page page--narrow" id="inhalt">
        <h1>Etwas ist schiefgelaufen</h1>
        <div className="alert alert--error" role="alert">
          <p>
            Die Anzeige ist auf einen unerwarteten Fehler gestoßen. Bitte laden Sie die Seite neu. Bereits bestätigte
            Aktionen, etwa eine ausgelöste Krise, bleiben bestehen.
          </p>
        </div>
        <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
          Seite neu laden
        </button>
      </main>
    );
  }
}
