/**
 * Freezes a value and everything it holds. The domain's shared constants (initial states, default
 * rules, the built-in agreements) are evaluated once per worker and shared by every workflow run
 * (preloaded modules, docs/adr/0044): frozen, a run that tried to change one would fail loudly
 * instead of leaking its change into the next run's replay.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}
