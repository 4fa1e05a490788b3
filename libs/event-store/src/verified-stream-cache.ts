import type { DataSource } from 'typeorm';
import { verifyStreamFrom, type VerifiedPrefix, type VerifyResult } from './verify-stream';

interface Entry extends VerifiedPrefix {
  /** When the whole stream was last verified from its first event. */
  fullyVerifiedAt: number;
}

/**
 * The timeline shows every page with "the chain of this case is intact". Re-hashing the whole case
 * for each page made a page of a long case (years of Hilfeplanung: 10^4 events) cost as much as
 * verifying all of it. This cache remembers where the last intact check ended and hashes only
 * the events after it; the whole stream is verified again once `fullEveryMs` has passed, so an
 * edit to an old event by someone with database access shows within that time (and at once in
 * `events:verify` and against the signed checkpoints). A broken result is never cached.
 */
export class VerifiedStreamCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ds: DataSource,
    private readonly opts: { fullEveryMs: number; maxStreams: number; now?: () => number },
  ) {}

  async verify(streamId: string): Promise<VerifyResult> {
    const now = (this.opts.now ?? Date.now)();
    const known = this.entries.get(streamId);
    const fresh = known !== undefined && now - known.fullyVerifiedAt < this.opts.fullEveryMs;
    const from: VerifiedPrefix = fresh ? known : { version: 0, hash: null };
    const { result, verified } = await verifyStreamFrom(this.ds, streamId, from);
    // Oldest first out: a Map iterates in insertion order, and each use re-inserts.
    this.entries.delete(streamId);
    if (verified) {
      this.entries.set(streamId, { ...verified, fullyVerifiedAt: fresh ? known.fullyVerifiedAt : now });
      if (this.entries.size > this.opts.maxStreams) this.entries.delete(this.entries.keys().next().value!);
    }
    return result;
  }
}
