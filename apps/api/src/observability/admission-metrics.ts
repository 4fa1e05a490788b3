import { Counter, Gauge, type Registry } from 'prom-client';
import type { Admission } from '../common/admission';

/**
 * The write admission as Prometheus sees it: writes running and waiting now, and those turned away
 * since start. Read when scraped, from the instance's one Admission: a 503 `server.busy` counts
 * here, not only among the 503s of every route in the HTTP metrics.
 */
export function admissionMetrics(registry: Registry, admission: Admission): void {
  new Gauge({
    name: 'hilfenetz_api_write_admission',
    help: 'Writes of signed-in users this instance runs (held) and queues (waiting) now',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const { held, waiting } = admission.state;
      this.set({ state: 'held' }, held);
      this.set({ state: 'waiting' }, waiting);
    },
  });
  let reported = 0;
  new Counter({
    name: 'hilfenetz_api_writes_turned_away_total',
    help: 'Writes answered 503 server.busy because no place came free within API_WRITE_QUEUE_MS',
    registers: [registry],
    collect() {
      const now = admission.turnedAway;
      this.inc(now - reported);
      reported = now;
    },
  });
}
