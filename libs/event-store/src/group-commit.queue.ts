/**
 * Group commit (ADR 0008), without any SQL: concurrent appends of one process are queued and sent
 * together, each caller still getting exactly the result or error it would have got alone. What a
 * batch means in the database is the sink's business (`PostgresEventStore`).
 */

/** What the queue needs to know of an append: its stream (fallback order) and its size (batch limit). */
export interface GroupCommitItem {
  streamId: string;
  events: readonly unknown[];
}

export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitSink<T, R> {
  /** One append in its own transaction. */
  one(item: T): Promise<R>;
  /**
   * Several appends in one transaction: per item, in arrival order, its outcome. Throws when the
   * batch failed as a whole; then nothing of it committed (or it comes back as duplicates), and
   * each item is sent again on its own.
   */
  many(items: T[]): Promise<Settled<R>[]>;
}

export interface GroupCommitOptions {
  /**
   * Most events one group commit carries; an append larger than this goes alone. The batch's work
   * grows with it, and so does every batched caller's wait for the slowest item (a stream lock
   * held elsewhere).
   */
  maxBatchEvents?: number;
  /** Most group commits in flight at once (each holds a pool connection). */
  maxBatchesInFlight?: number;
}

interface Pending<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export class GroupCommitQueue<T extends GroupCommitItem, R> {
  private readonly queue: Pending<T, R>[] = [];
  private inFlight = 0;
  private flushScheduled = false;
  private readonly maxBatchEvents: number;
  private readonly maxBatchesInFlight: number;

  constructor(
    private readonly sink: GroupCommitSink<T, R>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatchEvents = options.maxBatchEvents ?? 128;
    this.maxBatchesInFlight = options.maxBatchesInFlight ?? 4;
  }

  /** Queues the append; a call that finds nothing else queued goes on its own (`sink.one`). */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.scheduleFlush();
    });
  }

  /**
   * Sends what is queued once the current turn of the event loop has run (setImmediate, not a
   * timer): callers woken together by the previous batch have queued by then, and a lone append
   * waits only for that turn.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.queue.length === 0 || this.inFlight >= this.maxBatchesInFlight) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      while (this.queue.length > 0 && this.inFlight < this.maxBatchesInFlight) {
        const batch = this.takeBatch();
        this.inFlight++;
        void this.runBatch(batch).finally(() => {
          this.inFlight--;
          this.scheduleFlush();
        });
      }
    });
  }

  /** The oldest queued appends, in arrival order, up to maxBatchEvents events (at least one append). */
  private takeBatch(): Pending<T, R>[] {
    let events = this.queue[0]!.item.events.length;
    let n = 1;
    while (n < this.queue.length && events + this.queue[n]!.item.events.length <= this.maxBatchEvents) {
      events += this.queue[n]!.item.events.length;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async runBatch(batch: Pending<T, R>[]): Promise<void> {
    if (batch.length === 1) {
      await this.alone(batch[0]!);
      return;
    }
    let outcomes: Settled<R>[];
    try {
      outcomes = await this.sink.many(batch.map((p) => p.item));
    } catch {
      // Each append on its own gets the answer it would have got alone: per stream in arrival
      // order, streams side by side.
      const byStream = new Map<string, Pending<T, R>[]>();
      for (const p of batch) byStream.set(p.item.streamId, [...(byStream.get(p.item.streamId) ?? []), p]);
      await Promise.all(
        [...byStream.values()].map(async (appends) => {
          for (const p of appends) await this.alone(p);
        }),
      );
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (!o) p.reject(new Error('group commit returned no outcome for an append'));
      else if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }

  private alone(p: Pending<T, R>): Promise<void> {
    return this.sink.one(p.item).then(p.resolve, p.reject);
  }
}
