import fs from 'node:fs';
import { clusterCommand, SHAPE_FILE } from './cluster-shape';

/** Stops what the set-up started: the apps, Caddy, the Temporal server and the three brokers. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.HILFENETZ_KEEP_CLUSTER) return;
  clusterCommand(['down'], 3 * 60_000);
  fs.rmSync(SHAPE_FILE, { force: true });
}
