import { masterKeyring } from '@hilfenetz/config';
import { replayCommittedHistories } from '@hilfenetz/testing';
import { encryptedDataConverter, ENCRYPTED_ENCODING } from '@hilfenetz/transport-encryption';
import { reviewDecided } from '@hilfenetz/workflow-break-glass-review/messages';
import fs from 'node:fs';
import path from 'node:path';
import { HOUR, startReview, startReviewRig, type ReviewRig } from './break-glass-review.rig';
import { describeReplay } from './support/replay-suite';

/**
 * Fixture keys of this test only: the committed history below was recorded with its payloads
 * encrypted under OLD_KEY, as a worker before a master key rotation wrote them (ADR 0009, 0023).
 * Never used anywhere else; they protect nothing.
 */
const OLD_KEY = 'dkBQlqpN4bLeN1bBxwaTVZNxvfloAK/27vlwqbTSxhM=';
const NEW_KEY = 'pNvYY2Fz0z584WpehH1vL6aW5hmCINzKL8A3gDZcG1k=';

const HISTORIES = path.resolve(__dirname, '../../workflows/break-glass-review/histories-encrypted');
const WORKFLOWS = require.resolve('@hilfenetz/workflow-break-glass-review');
/** `RECORD_ENCRYPTED_HISTORIES=1` records the history anew under OLD_KEY. */
const RECORD = process.env.RECORD_ENCRYPTED_HISTORIES === '1';

const beforeRotation = encryptedDataConverter(masterKeyring({ PERSONAL_DATA_MASTER_KEY: OLD_KEY }));
const afterRotation = encryptedDataConverter(
  masterKeyring({ PERSONAL_DATA_MASTER_KEY: NEW_KEY, PERSONAL_DATA_PREVIOUS_MASTER_KEYS: OLD_KEY }),
);

/**
 * A workflow running across a master key rotation (issue 15): its history holds payloads encrypted
 * under the old key; a worker whose current key is the new one, with the old one kept as
 * previous, replays it without a determinism or decoding error.
 */
describeReplay({
  title: 'replay of a history encrypted under the previous master key',
  histories: HISTORIES,
  workflowsPath: WORKFLOWS,
  record: RECORD,
  startRig: () => startReviewRig({ dataConverter: beforeRotation }),
  scenarios: {
    async 'decided-in-time-under-the-old-key'(rig: ReviewRig) {
      const { handle } = await startReview(rig, 72);
      await rig.env.sleep(5 * HOUR);
      await handle.signal(reviewDecided, { verdict: 'justified' });
      await handle.result();
      return { workflowId: handle.workflowId, runId: (await handle.describe()).runId };
    },
  },
  dataConverter: afterRotation,
});

describe('the encrypted history (what the replay above proves something about)', () => {
  const history = () =>
    fs
      .readdirSync(HISTORIES)
      .filter((f) => f.endsWith('.json'))
      .map((f) => fs.readFileSync(path.join(HISTORIES, f), 'utf8'))
      .join('\n');

  it('holds no payload in clear: every payload is encrypted, the case reference and organisation nowhere', () => {
    const text = history();
    const encodings = [...text.matchAll(/"encoding":\s*"([^"]+)"/g)].map((m) =>
      Buffer.from(m[1]!, 'base64').toString('utf8'),
    );
    expect(encodings.length).toBeGreaterThan(0);
    expect(new Set(encodings)).toEqual(new Set([ENCRYPTED_ENCODING]));
    expect(text).not.toContain('FALL-BGR');
    expect(text).not.toContain('org-jugendamt-lindenau');
  });

  it('cannot be replayed with the new key alone: the previous key is what makes it readable', async () => {
    const newOnly = encryptedDataConverter(masterKeyring({ PERSONAL_DATA_MASTER_KEY: NEW_KEY }));
    const outcome = await replayCommittedHistories(HISTORIES, WORKFLOWS, newOnly).catch((err: unknown) => ({
      replayed: 0,
      failures: [String(err)],
    }));
    expect(outcome.failures.length).toBeGreaterThan(0);
  });
});
