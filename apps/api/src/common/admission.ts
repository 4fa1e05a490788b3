/**
 * At most `limit` holders at a time; the next ones wait in arrival order, each at most `maxWaitMs`,
 * then are turned away (null). Pure: no Nest, no clock but timers.
 *
 * Why: beyond what the engine and the database can take, waiting without bound makes every request
 * slow (each held a pooled connection across its call into Temporal) and the clients' retries
 * multiply the load until almost nothing gets through. Turning the excess away early keeps the
 * admitted requests fast and tells the rest when to come back.
 */
export class Admission {
  private held = 0;
  private refused = 0;
  private readonly waiting: { grant: (release: () => void) => void; timer: NodeJS.Timeout }[] = [];

  constructor(
    private readonly limit: number,
    private readonly maxWaitMs: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, not ${limit}`);
  }

  /** In use and waiting, for metrics and tests. */
  get state(): { held: number; waiting: number } {
    return { held: this.held, waiting: this.waiting.length };
  }

  /** How many requests were turned away since start (a counter, for metrics). */
  get turnedAway(): number {
    return this.refused;
  }

  /** A release function once admitted, or null when no place came free within maxWaitMs. */
  acquire(): Promise<(() => void) | null> {
    if (this.held < this.limit) {
      this.held++;
      return Promise.resolve(this.releaser());
    }
    if (this.maxWaitMs <= 0) {
      this.refused++;
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      const entry = {
        grant: (release: () => void) => resolve(release),
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          this.refused++;
          resolve(null);
        }, this.maxWaitMs),
      };
      this.waiting.push(entry);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return; // a second call must not free someone else's place
      released = true;
      const next = this.waiting.shift();
      if (next) {
        // The place passes straight to the next in line: `held` stays the same.
        clearTimeout(next.timer);
        next.grant(this.releaser());
      } else {
        this.held--;
      }
    };
  }
}
