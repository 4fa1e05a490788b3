import { onlineManager, useIsFetching, useIsMutating } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { texts, useTexts } from '../i18n/language';

/** After this long without an answer, a request counts as slow and the page says so. */
const SLOW_AFTER_MS = 8_000;

const T = texts(
  {
    offline: {
      title: 'Keine Netzwerkverbindung',
      text: 'Dieses Gerät ist offline. Angezeigt wird der zuletzt geladene Stand. Bestätigen, Ablehnen und Auslösen werden verschlüsselt auf dem Gerät vorgemerkt und der Reihe nach gesendet, sobald die Verbindung zurück ist.',
    },
    slow: {
      title: 'Der Server antwortet langsam',
      text: 'Die Anfrage läuft noch und wird nicht doppelt gesendet. Bitte einen Moment warten.',
    },
  },
  {
    offline: {
      title: 'No network connection',
      text: 'This device is offline. What is shown is the state last loaded. Acknowledging, declining and triggering are kept encrypted on the device and sent in order once the connection is back.',
    },
    slow: {
      title: 'The server is answering slowly',
      text: 'The request is still running and will not be sent twice. Please wait a moment.',
    },
  },
);

function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => onlineManager.subscribe(listener),
    () => onlineManager.isOnline(),
  );
}

/**
 * Says plainly when the device is offline (queries wait, actions are kept: src/offline/) or the server answers
 * slowly, on every page, instead of an endless "Wird geladen".
 */
export function ConnectionBanner() {
  const t = useTexts(T);
  const online = useOnline();
  const busy = useIsFetching() + useIsMutating() > 0;
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!busy) {
      setSlow(false);
      return;
    }
    const timer = setTimeout(() => setSlow(true), SLOW_AFTER_MS);
    return () => clearTimeout(timer);
  }, [busy]);

  let message: { title: string; text: string } | null = null;
  if (!online) {
    message = t.offline;
  } else if (slow) {
    message = t.slow;
  }
  // The live region stays in the page so that screen readers announce the change.
  return (
    <div
      className="connection-banner"
      role="status"
      aria-live="polite"
      data-state={online ? (slow ? 'slow' : 'ok') : 'offline'}
    >
      {message && (
        <div className="connection-banner__inner">
          <p className="connection-banner__title">{message.title}</p>
          <p className="connection-banner__text">{message.text}</p>
        </div>
      )}
    </div>
  );
}
