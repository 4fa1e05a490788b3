import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per app process, labelled with the app, with Node's own metrics (CPU, memory,
 * event-loop lag, GC): the figures bench/README.md needed a profiler for, now on every replica.
 * Labels never carry case ids, subject ids or names — only routes, activity types, projections.
 */
export function createMetricsRegistry(app: 'api' | 'worker' | 'projector'): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry, prefix: 'hilfenetz_' });
  return registry;
}
