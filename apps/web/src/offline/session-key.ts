/**
 * The key that encrypts everything the app keeps in IndexedDB (docs/adr/0026). It lives as long as
 * the login in this tab: a random seed in sessionStorage (beside the tokens, gone when the tab
 * closes), from which the page derives a non-extractable AES-GCM key held only in memory. A reload
 * in the same tab derives the same key, so the queue survives it; a closed tab or a logout leaves
 * only ciphertext nobody can open, and logout deletes that too.
 */

const SEED = 'hilfenetz.offline.seed';

/** A short random name of the seed, stored beside each record: records of another seed are not ours. */
const SEED_ID = 'hilfenetz.offline.seedId';

let derived: { seedId: string; key: Promise<CryptoKey> } | null = null;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(seed: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', seed, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: new TextEncoder().encode('hilfenetz offline v1') },
    material,
    { name: 'AES-GCM', length: 256 },
    // Not extractable: script on the page can use the key but never read it out.
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The session's key and its id, made at the first use in this tab. */
export function sessionKey(): { seedId: string; key: Promise<CryptoKey> } {
  let seed = sessionStorage.getItem(SEED);
  let seedId = sessionStorage.getItem(SEED_ID);
  if (!seed || !seedId) {
    seed = toBase64(crypto.getRandomValues(new Uint8Array(32)));
    seedId = crypto.randomUUID();
    sessionStorage.setItem(SEED, seed);
    sessionStorage.setItem(SEED_ID, seedId);
    derived = null;
  }
  if (!derived || derived.seedId !== seedId) derived = { seedId, key: derive(fromBase64(seed)) };
  return derived;
}

/** Logout: the seed and the key are forgotten; what was encrypted under them cannot be opened again. */
export function forgetSessionKey(): void {
  sessionStorage.removeItem(SEED);
  sessionStorage.removeItem(SEED_ID);
  derived = null;
}
