#!/usr/bin/env node
// @ts-check
/**
 * Records the histories of the yearly contact confirmation into ../histories/contact-confirmation/*.json
 * by running the scenarios of tests/integration/contact-confirmation-workflow.replay.test.ts on the
 * time-skipping test server. Only for a deliberate, versioned change (see ../README.md).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const r = spawnSync(
  process.execPath,
  [
    'infra/dev/hilfenetz-dev.mjs',
    'test',
    '--no-static',
    'tests/integration/contact-confirmation-workflow.replay.test.ts',
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, RECORD_CONTACT_CONFIRMATION_HISTORIES: '1' } },
);
process.exit(r.status ?? 1);
