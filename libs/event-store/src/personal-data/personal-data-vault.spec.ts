import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { gcmSeal } from './aes-gcm';
import type { MasterKey } from './master-key';
import { PersonalDataVault } from './personal-data-vault';

/** A vault over a stand-in pool that counts key reads (the table has one row per subject). */
function vaultWithCountingPool(opts: { sealKeyCacheSize?: number; sealKeyTtlMs?: number } = {}) {
  const master: MasterKey = { id: 'test', key: randomBytes(32) };
  const rows = new Map<string, { wrapped_key: Buffer | null; erased_at: Date | null }>();
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
    rows.set(id, { wrapped_key: Buffer.concat([w.iv, w.tag, w.ct]), erased_at: null });
  };
  const erase = (id: string) => rows.set(id, { wrapped_key: null, erased_at: new Date(now) });
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
