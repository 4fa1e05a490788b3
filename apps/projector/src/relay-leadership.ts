import { Client } from 'pg';

/** What runs while this process leads: started on winning the lock, stopped on losing it. */
export interface LeaderTask {
  stop(): Promise<void>;
}

export interface LeadershipOptions {
  databaseUrl: string;
  /** Names the advisory lock; every process that may lead the same work must use the same name. */
  lockName: string;
  /** How often a follower tries the lock, and how often the leader checks its connection. */
  retryIntervalMs?: number;
  /** Logs leadership changes and errors; both are rare and worth a line. */
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

/**
 * Runs one task on exactly one of several processes: the one holding a session-level Postgres
 * advisory lock (`pg_try_advisory_lock`) on a connection of its own (docs/adr/0023).
 *
 * The lock lives as long as that connection: a process that dies (SIGKILL, a crash, the machine)
 * loses it when Postgres sees the connection close, and a follower, trying every
 * `retryIntervalMs`, takes over. The leader stops its task the moment its connection reports an
 * error or end, or a heartbeat on it fails, because from then on another process may hold the lock.
 * Why a session lock and not a lease row: nothing to expire by clock, no clock skew, and the
 * database frees it for a dead holder by itself. Why its own connection: a pooled connection
 * returned to the pool would keep (or hand on) the lock with it.
 */
export class AdvisoryLockLeadership {
  private running = false;
  private loop: Promise<void> | null = null;
  private client: Client | null = null;
  private task: LeaderTask | null = null;
  private wake: (() => void) | null = null;
  private readonly interval: number;
  private readonly log: (msg: string, extra?: Record<string, unknown>) => void;

  constructor(
    private readonly opts: LeadershipOptions,
    private readonly lead: () => Promise<LeaderTask>,
  ) {
    this.interval = opts.retryIntervalMs ?? 1_000;
    this.log = opts.log ?? (() => undefined);
  }

  /** Whether this process currently runs the task. */
  get leading(): boolean {
    return this.task !== null;
  }

  /**
   * Resolves after the first attempt, so a lone process relays from its first moment, as before
   * leadership existed; a follower keeps trying in the background.
   */
  async start(): Promise<void> {
    this.running = true;
    await this.attempt();
    this.loop = this.run();
  }

  private async attempt(): Promise<void> {
    try {
      if (this.task) await this.heartbeat();
      else await this.tryToLead();
    } catch (err) {
      await this.lose(err);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.interval);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
      if (this.running) await this.attempt();
    }
  }

  private async tryToLead(): Promise<void> {
    const client = this.client ?? (await this.connect());
    const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok`, [
      this.opts.lockName,
    ]);
    if (!rows[0]?.ok || !this.running) return;
    this.log('relay leadership taken', { lock: this.opts.lockName, pid: process.pid });
    try {
      this.task = await this.lead();
    } catch (err) {
      // Could not start (Kafka down, say): give the lock back so another process may try.
      await client.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [this.opts.lockName]);
      throw err;
    }
    // The connection may have gone while the task started.
    if (this.client !== client) await this.lose(new Error('lock connection lost while starting'));
  }

  /** A round trip on the lock's connection: a connection that hangs silently is a lost lock too. */
  private async heartbeat(): Promise<void> {
    if (!this.client) throw new Error('lock connection lost');
    await this.client.query('SELECT 1');
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.opts.databaseUrl,
      application_name: `hilfenetz-relay-leader:${process.pid}`,
      keepAlive: true,
      // Bounds the heartbeat: a query that does not come back in time counts as a lost connection.
      query_timeout: Math.max(2_000, 3 * this.interval),
    });
    const dropped = (err?: unknown) => {
      if (this.client !== client) return;
      this.client = null;
      void this.lose(err ?? new Error('lock connection ended'));
    };
    client.on('error', dropped);
    client.on('end', () => dropped());
    await client.connect();
    this.client = client;
    return client;
  }

  /** Stops the task at once and drops the connection (which frees the lock if the server still has it). */
  private async lose(err: unknown): Promise<void> {
    const client = this.client;
    this.client = null;
    client?.end().catch(() => undefined);
    const task = this.task;
    this.task = null;
    if (task) {
      this.log('relay leadership lost: relay stopped', {
        error: err instanceof Error ? err.message : String(err),
      });
      await task.stop().catch((e: unknown) => this.log('stopping the relay failed', { error: String(e) }));
    } else if (this.running) {
      this.log('relay leadership: lock not reachable, retrying', {
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    const task = this.task;
    this.task = null;
    await task?.stop();
    // Closing the session frees the lock; the follower picks it up within its interval.
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
