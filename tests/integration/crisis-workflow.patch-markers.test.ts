import { allNotified, startCrisis, startCrisisRig, type CrisisRig } from './crisis-workflow.rig';

/**
 * A new crisis records one patch marker (`earlier-patches-in-one-marker`, workflows/crisis/README.md)
 * instead of one per patch, and with it one upsert of `TemporalChangeVersion` beside our own search
 * attributes: each marker costs a history event and a visibility write, six of them in the first
 * workflow task before this patch. The replay suite proves crises started before still replay.
 */
describe('crisis workflow: patch markers of a new crisis', () => {
  let rig: CrisisRig;
  beforeAll(async () => {
    rig = await startCrisisRig();
  }, 120_000);
  afterAll(() => rig?.stop());

  it('records one patch marker and one TemporalChangeVersion upsert', async () => {
    const { handle } = await startCrisis(rig);
    await allNotified(handle);
    const history = await handle.fetchHistory();
    const patchIds = (history.events ?? [])
      .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
      .map((e) => {
        const payload = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
        return (JSON.parse(Buffer.from(payload ?? []).toString('utf8')) as { id: string }).id;
      });
    expect(patchIds).toEqual(['earlier-patches-in-one-marker']);
    const upserted = (history.events ?? []).flatMap((e) =>
      Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}),
    );
    expect(upserted.filter((k) => k === 'TemporalChangeVersion')).toHaveLength(1);
    // What supervisors and organisations filter crises by is still set.
    expect(upserted).toEqual(expect.arrayContaining(['HilfenetzOrganisations', 'HilfenetzStatus']));
  });
});
