import { lindenauAgreementV1 } from '@hilfenetz/domain';
import { AgreementVersionsRepository } from '@hilfenetz/read-models';
import { openDataSource, testEnv } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * The agreement registry is read on every trigger, inbox and board read, and kept between reads
 * until the tables change. Two repositories on two connection pools stand for two processes (an
 * API and a worker, or two API instances): what one records, the other reads on its next call.
 */
describe('agreement versions: kept between reads, read again once anyone adds a version or a signature', () => {
  let here: DataSource;
  let there: DataSource;

  beforeAll(async () => {
    here = await openDataSource(testEnv().databaseUrl, 2);
    there = await openDataSource(testEnv().databaseUrl, 2);
  });
  afterAll(async () => {
    await here.destroy();
    await there.destroy();
  });

  const propose = (sql: Pick<DataSource, 'query'>, agreementId: string, version: string) =>
    sql.query(
      `INSERT INTO agreement_versions (agreement_id, version, valid_from, agreement, published_at, published_by)
       VALUES ($1, $2, $3, $4::jsonb, now(), 'u-test')`,
      [
        agreementId,
        version,
        '2030-01-01T00:00:00.000Z',
        JSON.stringify({ ...lindenauAgreementV1, agreementId, version, validFrom: '2030-01-01T00:00:00.000Z' }),
      ],
    );
  const sign = (sql: Pick<DataSource, 'query'>, agreementId: string, version: string, organisationId: string) =>
    sql.query(
      `INSERT INTO agreement_signatures (agreement_id, version, organisation_id, action, actor_id, at)
       VALUES ($1, $2, $3, 'signed', 'u-test', now())`,
      [agreementId, version, organisationId],
    );
  const find = (versions: Awaited<ReturnType<AgreementVersionsRepository['all']>>, agreementId: string) =>
    versions.find((v) => v.agreement.agreementId === agreementId);

  it('sees what another process proposed and signed on its next read, and reuses what did not change', async () => {
    const repository = new AgreementVersionsRepository(here);
    const agreementId = `cache-${randomUUID().slice(0, 8)}`;
    const before = await repository.all();
    expect(find(before, agreementId)).toBeUndefined();
    // Nothing changed: the same versions, not read again.
    expect(await repository.all()).toBe(before);

    await propose(there, agreementId, '2030-1');
    const proposed = find(await repository.all(), agreementId);
    expect(proposed).toMatchObject({ source: 'published', agreement: { version: '2030-1' } });
    expect(proposed?.acts.map((a) => a.organisationId)).toEqual([]);

    await sign(there, agreementId, '2030-1', 'org-kjp-st-marien');
    const signed = find(await repository.all(), agreementId);
    expect(signed?.acts.map((a) => [a.organisationId, a.action])).toEqual([['org-kjp-st-marien', 'signed']]);
  });

  it("in a caller's transaction reads what that transaction wrote, and nothing of it after a rollback", async () => {
    const repository = new AgreementVersionsRepository(here);
    const agreementId = `cache-tx-${randomUUID().slice(0, 8)}`;
    await propose(here, agreementId, '2030-1');
    expect(find(await repository.all(), agreementId)?.acts).toEqual([]);
    await here
      .transaction(async (m) => {
        await sign(m, agreementId, '2030-1', 'org-traeger-birkenhof');
        const inside = find(await repository.all(m), agreementId);
        expect(inside?.acts.map((a) => a.organisationId)).toEqual(['org-traeger-birkenhof']);
        throw new Error('rolled back');
      })
      .catch((err: Error) => expect(err.message).toBe('rolled back'));
    expect(find(await repository.all(), agreementId)?.acts).toEqual([]);
  });
});
