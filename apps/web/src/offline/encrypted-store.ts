import { sessionKey } from './session-key';

/**
 * IndexedDB, encrypted: every value is AES-GCM ciphertext under the session's key (session-key.ts)
 * with a fresh 96-bit IV, bound to its record id as additional data so a value moved to another
 * record fails to decrypt. Record ids carry no personal data (a kind and a random key or a hash).
 */

const DB_NAME = 'hilfenetz-offline';
const STORE = 'records';

export type RecordKind = 'state' | 'queue' | 'notice';

interface StoredRecord {
  id: string;
  kind: RecordKind;
  seedId: string;
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

let opened: Promise<IDBDatabase> | null = null;
/** Set by logout: a late answer arriving before the page leaves must not write a new record. */
let closed = false;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => {
      opened = null;
      reject(req.error ?? new Error('IndexedDB could not be opened'));
    };
  });
  return opened;
}

async function tx<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  return request(run(db.transaction(STORE, mode).objectStore(STORE)));
}

const additionalData = (id: string) => new TextEncoder().encode(id);

export async function putEncrypted(kind: RecordKind, id: string, value: unknown): Promise<void> {
  if (closed) return;
  const { seedId, key } = sessionKey();
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(id) },
    await key,
    new TextEncoder().encode(JSON.stringify(value)),
  );
  const record: StoredRecord = { id, kind, seedId, iv, data };
  await tx('readwrite', (s) => s.put(record));
}

export async function deleteRecord(id: string): Promise<void> {
  await tx('readwrite', (s) => s.delete(id));
}

/**
 * This session's records of one kind, decrypted. Records under another session's key (another tab,
 * an earlier login) are skipped: they cannot be opened here. One that fails to decrypt (tampered
 * with) is dropped.
 */
export async function readAll<T>(kind: RecordKind): Promise<{ id: string; value: T }[]> {
  const { seedId, key } = sessionKey();
  const records = (await tx('readonly', (s) => s.getAll())) as StoredRecord[];
  const out: { id: string; value: T }[] = [];
  for (const r of records) {
    if (r.kind !== kind || r.seedId !== seedId) continue;
    try {
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: r.iv, additionalData: additionalData(r.id) },
        await key,
        r.data,
      );
      out.push({ id: r.id, value: JSON.parse(new TextDecoder().decode(plain)) as T });
    } catch {
      await deleteRecord(r.id);
    }
  }
  return out;
}

/** Logout: every record of every session on this device is deleted. */
export async function wipeAll(): Promise<void> {
  closed = true;
  await tx('readwrite', (s) => s.clear());
}

/** A record id from a value that may name a case: its SHA-256, so the id says nothing itself. */
export async function hashedId(prefix: string, value: unknown): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(value)));
  return `${prefix}:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
