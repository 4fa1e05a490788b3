import type { DeviceTime } from '@hilfenetz/contracts';
import { isActive, type CrisisState } from './crisis.state';

/**
 * A trigger queued offline that arrives after the case's last crisis has ended (docs/adr/0034,
 * "A trigger that arrives after the crisis ended"). It joins that crisis afterwards — recorded in
 * its log, nothing started, the person told — only when all of this holds:
 * - it carries a device time the API did not have to bound (a clock hours off says nothing about
 *   when the person acted);
 * - that time lies within the crisis's run, from its trigger to the end of its workflow: the person
 *   raised the alarm while the crisis that handled the case was running;
 * - the crisis ended by its course (admission decided, discharged, not admitted), not as a false
 *   alarm: a cancellation was decided without this person's alarm, which now says otherwise, so it
 *   starts a new crisis.
 * Otherwise (and always without a device time: the person triggers now) a new crisis starts.
 */
export function lateTriggerJoinsEndedCrisis(
  crisis: Pick<CrisisState, 'status' | 'triggeredAt'>,
  endedAt: string | null,
  actedOnDevice: DeviceTime | undefined,
): boolean {
  if (!actedOnDevice || actedOnDevice.bounded) return false;
  if (crisis.status === 'none' || crisis.status === 'cancelled' || isActive(crisis as CrisisState)) return false;
  if (!crisis.triggeredAt || !endedAt) return false;
  const acted = Date.parse(actedOnDevice.at);
  return acted >= Date.parse(crisis.triggeredAt) && acted <= Date.parse(endedAt);
}
