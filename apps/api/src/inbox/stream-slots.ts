import { ProblemException } from '../common/problem-details.filter';

/**
 * Open event streams per user, on this API instance. Each stream holds a socket and a
 * subscription for as long as the client keeps it; without a bound, one stolen token could open
 * thousands. Counted in memory: a user's streams end on the instance that serves them, and a
 * user spread over N instances may hold N times the bound, which still bounds every instance.
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerUser: number) {}

  /**
   * Takes a slot until `released` aborts, or refuses with 429. The signal is Nest's SSE lifetime
   * (@SseSignal): it aborts on every way a stream ends, also when it was never subscribed.
   */
  take(userId: string, released: AbortSignal): void {
    const held = this.open.get(userId) ?? 0;
    if (held >= this.maxPerUser) {
      throw new ProblemException(
        429,
        'Too many open streams',
        `At most ${this.maxPerUser} live streams per user may be open at once; close another one first.`,
        [],
        { maxStreams: this.maxPerUser },
      );
    }
    if (released.aborted) return;
    this.open.set(userId, held + 1);
    released.addEventListener('abort', () => this.release(userId), { once: true });
  }

  held(userId: string): number {
    return this.open.get(userId) ?? 0;
  }

  private release(userId: string): void {
    const left = (this.open.get(userId) ?? 1) - 1;
    if (left > 0) this.open.set(userId, left);
    else this.open.delete(userId);
  }
}
