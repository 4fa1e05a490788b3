import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { gcmSeal } from './aes-gcm';
import { masterKeyring, type MasterKeyring } from '@hilfenetz/config';
import { keyringOf, parseMasterKey, type MasterKey } from './master-key';
import { PersonalDataVault, wrapSubjectKey } from './personal-data-vault';

/** A vault over a stand-in pool that counts key reads (the table has one row per subject). */
function vaultWithCountingPool(opts: { sealKeyCacheSize?: number; sealKeyTtlMs?: number } = {}) {
  const master: MasterKey = { id: 'test', key: randomBytes(32) };
  const rows = new Map<string, { wrapped_key: Buffer | null; master_key_id: string; erased_at: Date | null }>();
  const reads: string[] = [];
  const pool = {
    query: async (q: { values: [string] }) => {
      reads.push(q.values[0]);
      await new Promise((r) => setImmediate(r));
      const row = rows.get(q.values[0]);
      return { rows: row ? [row] : [] };
    },
  };
  // A Postgres driver whose pool is the stand-in (what `pgPool` hands out).
  const driver: PostgresDriver = Object.assign(Object.create(PostgresDriver.prototype) as PostgresDriver, {
    master: pool,
  });
  const ds: Partial<DataSource> = { driver };
  let now = 1_000_000;
  const vault = new PersonalDataVault(ds as DataSource, master, opts, () => now);
  const addSubject = (id: string) => {
    const w = gcmSeal(master.key, randomBytes(32), `subject:${id}`);
    rows.set(id, { wrapped_key: Buffer.concat([w.iv, w.tag, w.ct]), master_key_id: master.id, erased_at: null });
  };
  const erase = (id: string) => rows.set(id, { wrapped_key: null, master_key_id: master.id, erased_at: new Date(now) });
  return { vault, reads, addSubject, erase, advance: (ms: number) => (now += ms) };
}

describe('PersonalDataVault seal key cache', () => {
  it('reads a key once for many seals, once per TTL, and shares a cold read between concurrent seals', async () => {
    const t = vaultWithCountingPool({ sealKeyTtlMs: 1_000 });
    t.addSubject('s1');
    await Promise.all([t.vault.seal('s1', 'a'), t.vault.seal('s1', 'b'), t.vault.seal('s1', 'c')]);
    await t.vault.seal('s1', 'd');
    expect(t.reads).toEqual(['s1']);
    t.advance(1_000);
    await t.vault.seal('s1', 'e');
    expect(t.reads).toEqual(['s1', 's1']);
  });

  it('keeps at most sealKeyCacheSize keys, dropping the least recently used', async () => {
    const t = vaultWithCountingPool({ sealKeyCacheSize: 2 });
    for (const s of ['s1', 's2', 's3']) t.addSubject(s);
    await t.vault.seal('s1', 'x');
    await t.vault.seal('s2', 'x');
    await t.vault.seal('s1', 'x'); // s1 is now the most recent
    await t.vault.seal('s3', 'x'); // drops s2
    await t.vault.seal('s1', 'x');
    await t.vault.seal('s2', 'x');
    expect(t.reads).toEqual(['s1', 's2', 's3', 's2']);
  });

  it('open reads the key every time and sees an erasure at once, whatever seal has cached', async () => {
    const t = vaultWithCountingPool();
    t.addSubject('s1');
    const sealed = await t.vault.seal('s1', { name: 'Mila' });
    expect(await t.vault.open(sealed)).toEqual({ status: 'available', value: { name: 'Mila' } });
    t.erase('s1');
    expect(await t.vault.open(sealed)).toMatchObject({ status: 'erased' });
    expect(t.reads).toEqual(['s1', 's1', 's1']);
  });

  it('a size or TTL of 0 turns the cache off; an erased subject cannot be sealed for', async () => {
    const t = vaultWithCountingPool({ sealKeyCacheSize: 0 });
    t.addSubject('s1');
    await t.vault.seal('s1', 'a');
    await t.vault.seal('s1', 'b');
    expect(t.reads).toHaveLength(2);
    t.erase('s1');
    await expect(t.vault.seal('s1', 'c')).rejects.toMatchObject({ name: 'DataSubjectErased', subjectId: 's1' });
    await expect(t.vault.seal('nobody', 'c')).rejects.toMatchObject({ name: 'UnknownDataSubject' });
  });
});

describe('PersonalDataVault with a rotated master key', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const b64 = (k: Buffer) => k.toString('base64');

  /** A vault over one stored row, read through the same stand-in pool as above. */
  function vaultOver(row: { wrapped_key: Buffer; master_key_id: string }, ring: MasterKeyring) {
    const pool = { query: async () => ({ rows: [{ ...row, erased_at: null }] }) };
    const driver: PostgresDriver = Object.assign(Object.create(PostgresDriver.prototype) as PostgresDriver, {
      master: pool,
    });
    return new PersonalDataVault({ driver } as Partial<DataSource> as DataSource, ring);
  }

  it('opens a key wrapped under the previous master key, by the id stored with it, and wraps new ones under the current', async () => {
    const dataKey = randomBytes(32);
    const old = parseMasterKey(b64(oldKey));
    const w = gcmSeal(old.key, dataKey, 'subject:s1');
    const stored = { wrapped_key: Buffer.concat([w.iv, w.tag, w.ct]), master_key_id: old.id };
    const sealed = gcmSeal(dataKey, Buffer.from(JSON.stringify('Mila'), 'utf8'), 's1');
    const value = {
      $sealed: 'A256GCM' as const,
      subjectId: 's1',
      iv: sealed.iv.toString('base64'),
      tag: sealed.tag.toString('base64'),
      ct: sealed.ct.toString('base64'),
    };
    const rotated = masterKeyring({
      PERSONAL_DATA_MASTER_KEY: b64(newKey),
      PERSONAL_DATA_MASTER_KEY_ID: '2026-12',
      PERSONAL_DATA_PREVIOUS_MASTER_KEYS: b64(oldKey),
    });
    expect(await vaultOver(stored, rotated).open(value)).toEqual({ status: 'available', value: 'Mila' });
    // Re-wrapped under the new key (what keys:rewrap stores), it opens with the new key alone.
    const rewrapped = wrapSubjectKey(keyringOf(rotated), 's1', dataKey);
    const newOnly = masterKeyring({ PERSONAL_DATA_MASTER_KEY: b64(newKey), PERSONAL_DATA_MASTER_KEY_ID: '2026-12' });
    expect(await vaultOver({ wrapped_key: rewrapped, master_key_id: '2026-12' }, newOnly).open(value)).toEqual({
      status: 'available',
      value: 'Mila',
    });
    // The old wrapping without the old key: an error that names the missing key, not a cipher error.
    await expect(vaultOver(stored, newOnly).open(value)).rejects.toThrow(
      new RegExp(`wrapped under master key ${old.id}, which is not configured`),
    );
    // And the stored id decides: the new key is never tried on the old wrapping.
    await expect(vaultOver({ ...stored, master_key_id: '2026-12' }, rotated).open(value)).rejects.toThrow();
  });
});
