// @ts-check
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, pythonToolCommand } from './python-tool.mjs';

/** Locust (PyPI `locust`), the load generator of `npm run bench:api`. Bump here; the cache is keyed by it. */
export const LOCUST_VERSION = '2.47.0';

/**
 * The command line that runs `locust`, installed into the cache on first use. `LOCUST_BIN` names
 * a `locust` installed elsewhere instead.
 * @returns {string[]}
 */
export function locustCommand(cache = cacheDir()) {
  return pythonToolCommand(
    { pkg: 'locust', version: LOCUST_VERSION, script: 'locust', overrideEnv: 'LOCUST_BIN' },
    cache,
  );
}

// `node infra/dev/lib/locust.mjs`: installs when missing, prints the command line as JSON (bench/src/api uses this).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(JSON.stringify(locustCommand()));
  } catch (err) {
    console.error(`[hilfenetz] ✗ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
