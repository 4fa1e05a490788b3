import { useRef } from 'react';

/**
 * One Idempotency-Key per submission of a form's content. Sending the same content again (after a
 * lost connection, a double click) reuses the key, so the server does not start a second crisis;
 * changed content gets a new key.
 */
export function useIdempotencyKey(): (content: unknown) => string {
  const current = useRef<{ fingerprint: string; key: string } | null>(null);
  return (content) => {
    const fingerprint = JSON.stringify(content);
    if (current.current?.fingerprint !== fingerprint) {
      current.current = { fingerprint, key: crypto.randomUUID() };
    }
    return current.current.key;
  };
}
