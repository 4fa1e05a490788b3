import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { createKafka, kafkaSecurityOptionsFromEnv } from '@hilfenetz/event-bus';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRIPT = path.join(ROOT, 'infra', 'cluster', 'lib', 'kafka-cluster.mjs');

/**
 * The cluster test's own three brokers: their own data folder and ports (clients 29592–29594 by
 * default, beside a `cluster:up` cluster on 29092–29094 and the dev broker), so the broker-kill test
 * never disturbs a cluster someone is using.
 */
export const KAFKA_TEST_CLUSTER_DIR =
  process.env.HILFENETZ_KAFKA_CLUSTER_TEST_DIR ?? path.join(ROOT, 'var', 'cluster', 'kafka-test');
const BASE_PORT = process.env.HILFENETZ_KAFKA_CLUSTER_TEST_PORT ?? '29592';

/** What infra/cluster/lib/kafka-cluster.mjs answers to `up --json`. */
export interface KafkaClusterUnderTest {
  brokers: string;
  caFile: string;
  adminPasswordFile: string;
  appPasswordFile: string;
  /** The app user's variables (KAFKA_BROKERS, KAFKA_SSL_CA_FILE, KAFKA_SASL_*). */
  env: Record<string, string>;
  /** The same as the admin (a super user). */
  adminEnv: Record<string, string>;
  /** Node ids this call started (all three on a cold start, none when the cluster ran already). */
  startedNow: number[];
  ms: number;
}

function ctl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args, '--dir', KAFKA_TEST_CLUSTER_DIR, '--base-port', BASE_PORT, '--json'],
      { cwd: ROOT, env: process.env, maxBuffer: 16 * 1024 * 1024, timeout: 6 * 60_000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`kafka-cluster.mjs ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

/** Starts whichever of the three nodes is not running (all on a cold start) and waits until all are registered. */
export async function startKafkaClusterUnderTest(): Promise<KafkaClusterUnderTest> {
  const out = await ctl(['up']);
  return JSON.parse(out.trim().split('\n').pop() ?? '') as KafkaClusterUnderTest;
}

export async function stopKafkaClusterUnderTest(): Promise<void> {
  await ctl(['down']);
}

export function nodePid(id: number): number | null {
  try {
    const pid = Number(readFileSync(path.join(KAFKA_TEST_CLUSTER_DIR, `node-${id}`, 'kafka.pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The hard way down: no controlled shutdown, no flush, as a crashed machine. */
export function killNode(id: number): void {
  const pid = nodePid(id);
  if (!pid) throw new Error(`Kafka cluster node ${id} has no pid file`);
  process.kill(pid, 'SIGKILL');
}

/** A client connected the way the apps connect: kafkaSecurityOptions from the variables. */
export function kafkaWith(env: Record<string, string>, clientId: string): Kafka {
  return createKafka({
    brokers: (env.KAFKA_BROKERS ?? '').split(','),
    clientId,
    ...kafkaSecurityOptionsFromEnv(env),
  });
}
