// @ts-check
const Sequencer = require('@jest/test-sequencer').default;

/**
 * Jest's own order, except that the signed-checkpoint tamper suite runs last. Run before the
 * time-skipping delivery suite in the same worker, the latter's `env.sleep` stalls (its workflows'
 * SMS attempts hang until their timeouts; seen on a clean clone, 2026-12-03, not yet explained —
 * issue 13 note). Until the cause is found, the order keeps `npm test` honest about both suites.
 */
class HilfenetzSequencer extends Sequencer {
  /** @param {import('@jest/test-result').Test[]} tests */
  sort(tests) {
    const sorted = /** @type {import('@jest/test-result').Test[]} */ (super.sort(tests));
    const last = (t) => t.path.includes('event-store-checkpoints');
    return [...sorted.filter((t) => !last(t)), ...sorted.filter(last)];
  }
}

module.exports = HilfenetzSequencer;
