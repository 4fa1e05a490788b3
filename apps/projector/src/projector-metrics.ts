import { Counter, Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

export interface ProjectorMetrics {
  /** A projection received `received` events, of which `applied` were new (the rest repeats). */
  projected(projection: string, received: number, applied: number): void;
  /** A projection applied `events` from the store: Kafka lost them (`gap`), or they were not received within the grace (`sweep`). */
  repaired(projection: string, how: 'gap' | 'sweep', events: number): void;
}

/**
 * What an operator watches on the projectors: whether this replica leads the relay, how far the
 * relay is behind the log, and per projection how many events were applied and how many were
 * repeats it skipped (Kafka's at-least-once, a relay takeover: docs/adr/0023). The backlog is read
 * from Postgres at scrape time, so every replica reports it, leader or not.
 */
export function projectorMetrics(
  registry: Registry,
  opts: { ds: DataSource; relayName: string; leading: () => boolean },
): ProjectorMetrics {
  new Gauge({
    name: 'hilfenetz_relay_leader',
    help: '1 while this projector holds the relay lock (publishes the log to Kafka), else 0',
    registers: [registry],
    collect() {
      this.set(opts.leading() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'hilfenetz_relay_backlog_events',
    help: 'Global positions appended after the relay checkpoint (an upper bound: positions may have gaps)',
    registers: [registry],
    async collect() {
      const [row] = (await opts.ds.query(
        `SELECT (SELECT COALESCE(max(global_position), 0) FROM events)
              - COALESCE((SELECT global_position FROM relay_checkpoints WHERE name = $1), 0) AS backlog`,
        [opts.relayName],
      )) as [{ backlog: string }];
      this.set(Number(row.backlog));
    },
  });
  const applied = new Counter({
    name: 'hilfenetz_projection_events_applied_total',
    help: 'Events a projection applied to its read model',
    labelNames: ['projection'] as const,
    registers: [registry],
  });
  const repeated = new Counter({
    name: 'hilfenetz_projection_events_repeated_total',
    help: 'Events a projection received again and skipped (already applied: idempotent per stream version)',
    labelNames: ['projection'] as const,
    registers: [registry],
  });
  const repaired = new Counter({
    name: 'hilfenetz_projection_events_repaired_total',
    help: 'Events a projection applied from the event store: how=gap, Kafka lost them; how=sweep, not received within the grace (lost, or its consumers stalled)',
    labelNames: ['projection', 'how'] as const,
    registers: [registry],
  });
  return {
    projected(projection, received, appliedNow) {
      applied.inc({ projection }, appliedNow);
      repeated.inc({ projection }, received - appliedNow);
    },
    repaired(projection, how, events) {
      repaired.inc({ projection, how }, events);
    },
  };
}
