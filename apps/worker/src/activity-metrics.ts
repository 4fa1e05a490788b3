import { Histogram, type Registry } from 'prom-client';

type ActivityFunctions = Record<string, (...args: never[]) => Promise<unknown>>;

/**
 * Each activity's duration by type and outcome (`completed`, `failed`): the appends, the sends,
 * the Hilfeplanung start. A Temporal retry is a new attempt and counts again, so a gateway that
 * keeps failing shows as failures, not as one long call. No arguments are ever labels.
 */
export function instrumentActivities<T extends ActivityFunctions>(activities: T, registry: Registry): T {
  const duration = new Histogram({
    name: 'hilfenetz_activity_duration_seconds',
    help: 'Temporal activity attempts run by this worker, by activity type and outcome',
    labelNames: ['activity', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const wrapped: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      const end = duration.startTimer({ activity: name });
      try {
        const result = await fn(...args);
        end({ outcome: 'completed' });
        return result;
      } catch (err) {
        end({ outcome: 'failed' });
        throw err;
      }
    };
  }
  return wrapped as T;
}
