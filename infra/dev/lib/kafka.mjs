// @ts-check
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fail, log, portOpen, waitUntil } from './util.mjs';
import { isAlive, readPid, spawnDetached } from './processes.mjs';

const POM = 'infra/dev/kafka/pom.xml';

export function kafkaVersion(ctx) {
  const pom = fs.readFileSync(path.join(ctx.ROOT, POM), 'utf8');
  const m = /<kafka\.version>([^<]+)</.exec(pom);
  return m ? m[1] : 'unknown';
}

/** True when the broker jars of this Kafka version are in the cache already. */
export function kafkaJarsCached(ctx) {
  return fs.existsSync(path.join(ctx.CACHE_DIR, `kafka-${kafkaVersion(ctx)}`, '.complete'));
}

/** Resolves the broker jars with Maven into the cache, once per Kafka version. */
export function kafkaClasspath(ctx) {
  const dir = path.join(ctx.CACHE_DIR, `kafka-${kafkaVersion(ctx)}`);
  const libs = path.join(dir, 'libs');
  const done = path.join(dir, '.complete');
  if (!fs.existsSync(done)) {
    if (spawnSync('mvn', ['--version'], { stdio: 'ignore' }).status !== 0) {
      fail(
        'Maven is required once to fetch the Kafka broker jars. Install it (Debian: apt-get install maven) or set KAFKA_BROKERS.',
      );
    }
    log(`fetching Apache Kafka ${kafkaVersion(ctx)} jars from Maven Central into ${dir}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(libs, { recursive: true });
    const r = spawnSync(
      'mvn',
      ['-q', '-B', '-f', path.join(ctx.ROOT, POM), 'dependency:copy-dependencies', `-DoutputDirectory=${libs}`],
      { stdio: 'inherit' },
    );
    if (r.status !== 0) fail('mvn dependency:copy-dependencies for Kafka failed (see above).');
    fs.writeFileSync(done, new Date().toISOString());
  }
  return path.join(libs, '*');
}

function serverProperties(ctx, dataDir) {
  const p = ctx.PORTS;
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `listeners=PLAINTEXT://127.0.0.1:${p.kafka},CONTROLLER://127.0.0.1:${p.kafkaController}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${p.kafka}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `controller.quorum.bootstrap.servers=127.0.0.1:${p.kafkaController}`,
    `log.dirs=${dataDir}`,
    'num.partitions=3',
    // One broker: every internal topic must be satisfiable with a single replica, or consumer
    // groups never find their coordinator.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'log.retention.hours=-1',
    '',
  ].join('\n');
}

export async function ensureKafka(ctx) {
  const brokers = `127.0.0.1:${ctx.PORTS.kafka}`;
  const env = { KAFKA_BROKERS: brokers };
  const pidFile = path.join(ctx.RUN_DIR, 'kafka.pid');
  const logFile = path.join(ctx.LOG_DIR, 'kafka.log');
  const pid = readPid(pidFile);
  if (pid && isAlive(pid) && (await portOpen(ctx.PORTS.kafka))) return { name: 'kafka', startedNow: false, env };
  if (await portOpen(ctx.PORTS.kafka)) {
    fail(
      `port ${ctx.PORTS.kafka} is taken by another process. Stop it, set HILFENETZ_KAFKA_PORT, or set KAFKA_BROKERS to use it.`,
    );
  }
  const cp = kafkaClasspath(ctx);
  const dir = path.join(ctx.VAR, 'kafka');
  const dataDir = path.join(dir, 'data');
  const propsFile = path.join(dir, 'server.properties');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(propsFile, serverProperties(ctx, dataDir));
  const jvm = [
    '-Xmx512m',
    '-Xms256m',
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${path.join(ctx.ROOT, 'infra/dev/kafka/log4j2.properties')}`,
    '-cp',
    cp,
  ];
  if (!fs.existsSync(path.join(dataDir, 'meta.properties'))) {
    log('formatting Kafka KRaft storage in var/kafka');
    const id = spawnSync('java', [...jvm, 'kafka.tools.StorageTool', 'random-uuid'], { encoding: 'utf8' });
    const clusterId = id.stdout.trim().split('\n').pop();
    if (id.status !== 0 || !clusterId) fail(`Kafka StorageTool random-uuid failed:\n${id.stderr}`);
    const f = spawnSync(
      'java',
      [
        ...jvm,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        /** @type {string} */ (clusterId),
        '-c',
        propsFile,
        '--standalone',
      ],
      {
        encoding: 'utf8',
      },
    );
    if (f.status !== 0) fail(`Kafka storage format failed:\n${f.stdout}\n${f.stderr}`);
  }
  log(`starting Kafka broker on ${brokers}`);
  const child = spawnDetached('java', [...jvm, 'kafka.Kafka', propsFile], {
    cwd: dir,
    env: process.env,
    logFile,
    pidFile,
  });
  await waitUntil({
    name: 'Kafka',
    logFile,
    timeoutMs: 90_000,
    alive: () => child.exitCode === null,
    check: () => portOpen(ctx.PORTS.kafka),
  });
  return { name: 'kafka', startedNow: true, env };
}
