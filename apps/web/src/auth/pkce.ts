/** Proof Key for Code Exchange (RFC 7636), method S256, with the browser's Web Crypto. */

const base64Url = (bytes: Uint8Array): string => {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

/** A random URL-safe string; 32 bytes give the 43 characters RFC 7636 asks of a verifier. */
export function randomUrlSafe(byteLength = 32): string {
  const bytes = new Uint8Array(byteLength);
  crypto.getRandomValues(bytes);
  return base64Url(bytes);
}

export async function s256Challenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export async function createPkcePair(): Promise<PkcePair> {
  const verifier = randomUrlSafe(32);
  return { verifier, challenge: await s256Challenge(verifier) };
}

/** Web Crypto exists only in a secure context (https, or http on localhost/127.0.0.1). */
export const pkceAvailable = (): boolean =>
  window.isSecureContext && typeof crypto !== 'undefined' && crypto.subtle !== undefined;
