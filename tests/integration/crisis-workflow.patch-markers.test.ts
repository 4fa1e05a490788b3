import { allNotified, startCrisis, startCrisisRig, type CrisisRig } from './crisis-workflow.rig';

/**
 * A new crisis records one patch marker (the latest, `reach-writes-together`, which stands for
 * every patch before it; workflows/crisis/README.md) instead of one per patch, and with it one
 * upsert of `TemporalChangeVersion` beside our own search attributes: each marker costs a history
 * event and a visibility write, six of them in the first workflow task before
 * `earlier-patches-in-one-marker`. The replay suite proves crises started before still replay.
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
    expect(patchIds).toEqual(['reach-writes-together']);
    const upserted = (history.events ?? []).flatMap((e) =>
      Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}),
    );
    expect(upserted.filter((k) => k === 'TemporalChangeVersion')).toHaveLength(1);
    // What supervisors and organisations filter crises by is still set.
    expect(upserted).toEqual(expect.arrayContaining(['HilfenetzOrganisations', 'HilfenetzStatus']));
  });
  it('waits for its five deadlines and five delivery windows on one durable timer', async () => {
    const { handle } = await startCrisis(rig);
    const live = await allNotified(handle);
    const history = await handle.fetchHistory();
    const timers = (history.events ?? []).filter((e) => e.timerStartedEventAttributes);
    // Before patch one-timer-for-all-waits: ten, one per wait.
    expect(timers).toHaveLength(1);
    // Set for the earliest wait: here a task's deadline (this agreement's windows last an hour).
    const timer = timers[0]!;
    const firesAt =
      Number(timer.eventTime!.seconds) * 1000 +
      Number(timer.timerStartedEventAttributes!.startToFireTimeout!.seconds) * 1000 +
      Math.round((timer.timerStartedEventAttributes!.startToFireTimeout!.nanos ?? 0) / 1e6);
    const earliestDeadline = Math.min(...live.tasks.map((t) => Date.parse(t.deadline!)));
    expect(Math.abs(firesAt - earliestDeadline)).toBeLessThan(2_000);
  });
});
