import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CTL = path.join(__dirname, 'temporal-server-ctl.mjs');

/** What the test's Temporal server answers to, and the files the apps connect with. */
export interface TemporalServerUnderTest {
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  TEMPORAL_TLS_CA_FILE: string;
  TEMPORAL_TLS_CERT_FILE: string;
  TEMPORAL_TLS_KEY_FILE: string;
  TEMPORAL_TLS_SERVER_NAME: string;
  status: { logFile: string; dataDir: string };
}

/**
 * Starts the cluster test's own Temporal server through temporal-server-ctl.mjs (set-up included:
 * the first run builds the server, minutes; later runs take seconds). The server runs detached;
 * `stopTemporalServer` ends it.
 */
export function startTemporalServer(): TemporalServerUnderTest {
  const r = spawnSync(process.execPath, [CTL, 'start'], { cwd: ROOT, encoding: 'utf8', env: process.env });
  const line = r.stdout.split('\n').find((l) => l.startsWith('TEMPORAL_SERVER_JSON='));
  if (r.status !== 0 || !line) {
    throw new Error(`starting the Temporal server failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return JSON.parse(line.slice('TEMPORAL_SERVER_JSON='.length)) as TemporalServerUnderTest;
}

export function stopTemporalServer(): void {
  spawnSync(process.execPath, [CTL, 'stop'], { cwd: ROOT, stdio: 'inherit', env: process.env });
}
