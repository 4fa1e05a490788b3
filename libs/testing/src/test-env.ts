/** The stack a test run talks to; `npm test` sets these (real servers, a test database). */
export function testEnv() {
  const need = (k: string) => {
    const v = process.env[k];
    if (!v) throw new Error(`${k} is not set: run the tests through \`npm test\` (it starts the local stack)`);
    return v;
  };
  return {
    /** The apps' role: SELECT/INSERT on events only. */
    databaseUrl: need('DATABASE_URL'),
    /** The schema owner: resets and migrates the test database. */
    migrationUrl: process.env.DATABASE_MIGRATION_URL || need('DATABASE_URL'),
    /** A superuser, for tests that play someone with direct database access (may be empty). */
    adminUrl: process.env.DATABASE_ADMIN_URL ?? '',
    temporalAddress: need('TEMPORAL_ADDRESS'),
    kafkaBrokers: need('KAFKA_BROKERS').split(','),
    topicPrefix: process.env.KAFKA_TOPIC_PREFIX ?? '',
    taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? 'hilfenetz-test',
  };
}

/** Polls until `fn` returns a value that is not undefined, or fails with the last seen state. */
export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
