import type { NetworkView, PublicOfferList } from '@hilfenetz/contracts';
import { eventually, openDataSource, tokenFor } from '@hilfenetz/testing';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const ROOT = path.resolve(__dirname, '..', '..');

/** The seed `npm start` runs after the migrations, on this run's database. */
function seed(): string {
  const r = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/api/src/networks/seed-demo-network.cli.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: stack.databaseUrl },
      encoding: 'utf8',
    },
  );
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  return r.stdout;
}

describe('the demo network npm start shows (Frühe Hilfen Lindenau)', () => {
  it('is seeded once as events, shows partners, a consented contact, "Kontakt fehlt" and public offers', async () => {
    seed();
    // A second start leaves it as it is.
    expect(seed()).toContain('exists; left as it is');
    const ds = await openDataSource(stack.databaseUrl, 1);
    try {
      const [row] = (await ds.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE data::text LIKE '%Frau Kaya%')::int AS clear
           FROM events WHERE stream_id = 'network-net-fruehe-hilfen-lindenau'`,
      )) as { n: number; clear: number }[];
      expect(row).toEqual({ n: 1 + 5 + 1 + 4, clear: 0 });
    } finally {
      await ds.destroy();
    }
    const token = await tokenFor(stack.issuer, 'kontakt-hebammen');
    const res = await fetch(`${stack.apiUrl}/networks/net-fruehe-hilfen-lindenau`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const network = (await res.json()) as NetworkView;
    expect(network.name).toBe('Netzwerk Frühe Hilfen Lindenau');
    expect(network.subNetworks.map((s) => s.name)).toEqual(['Netzwerk Nord', 'Netzwerk Mitte', 'Netzwerk Süd']);
    expect(network.partners.map((p) => [p.name, p.contactStatus])).toEqual([
      ['Hebammendienst Lindenau', 'present'],
      ['Schwangerschaftsberatung Lindenau', 'missing'],
      ['Familienbildungsstätte Lindenau', 'missing'],
      ['Kinderarztpraxis am Markt', 'missing'],
      ['Jobcenter Lindenau', 'missing'],
    ]);
    expect(network.partners[0]?.contact?.details?.name).toBe('Frau Kaya');
    const offers = await eventually(
      async () => {
        const list = (await (
          await fetch(`${stack.apiUrl}/public/offers?region=Lindenau-S%C3%BCd`)
        ).json()) as PublicOfferList;
        const demo = list.offers.filter((o) => o.networkName === 'Netzwerk Frühe Hilfen Lindenau');
        return demo.length === 2 ? demo : undefined;
      },
      { what: 'the demo offers on the public page' },
    );
    expect(offers.map((o) => o.title)).toEqual(['Babymassage-Kurs', 'Eltern-Baby-Treff']);
  });
});
