// @ts-check
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, pythonToolCommand } from './python-tool.mjs';

/** Schemathesis (PyPI `schemathesis`), the OpenAPI fuzzer of tests/fuzz. Bump here; the cache is keyed by it. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/**
 * The command line that runs schemathesis's `st`, installed into the cache on first use.
 * `SCHEMATHESIS_BIN` names an `st` installed elsewhere instead.
 * @returns {string[]}
 */
export function schemathesisCommand(cache = cacheDir()) {
  return pythonToolCommand(
    { pkg: 'schemathesis', version: SCHEMATHESIS_VERSION, script: 'st', overrideEnv: 'SCHEMATHESIS_BIN' },
    cache,
  );
}

// `node infra/dev/lib/schemathesis.mjs`: installs when missing, prints the command line as JSON (tests/fuzz uses this).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(JSON.stringify(schemathesisCommand()));
  } catch (err) {
    console.error(`[hilfenetz] ✗ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
