// @ts-check
/**
 * The production shape's Kafka (issue 15): three KRaft nodes on one machine, each broker and
 * controller at once (a quorum of three static voters), replication factor 3, `min.insync.replicas=2`,
 * no unclean leader election, and nothing reachable without TLS and a password.
 *
 * Listeners of every node (all on 127.0.0.1, ports from the caller):
 *   CLIENT      SASL_SSL, SCRAM-SHA-512 only: the apps (user `hilfenetz`) and operators (`admin`).
 *               No PLAINTEXT listener exists, so a client without TLS or without a valid SCRAM
 *               password is refused at the handshake.
 *   BROKER      SSL with client certificates required (mutual TLS): replication between the brokers.
 *   CONTROLLER  SSL with client certificates required: the KRaft quorum and broker registrations.
 *               SCRAM cannot protect it (the controllers keep the SCRAM credentials in the very log
 *               this listener replicates), so the nodes prove themselves with their certificates.
 * Each node's certificate (CN=kafka-broker-<id>,O=hilfenetz, SAN 127.0.0.1 and localhost) comes from
 * a local CA made at set-up with openssl; clients trust `tls/ca.crt` (KAFKA_SSL_CA_FILE).
 *
 * Authorization: StandardAuthorizer, nothing allowed without an ACL. Super users: `admin` and the
 * three node certificates. The app user `hilfenetz` gets ACLs on the topic and group prefix
 * `hilfenetz.` only (read, write, describe, create and describe configs of its topics; read and
 * describe of its consumer groups), so it can run `ensureTopics`, the relay and the projections and
 * nothing else. SCRAM credentials of both users are written into the bootstrap metadata when the
 * storage is formatted (`kafka.tools.StorageTool format --add-scram`); their passwords are generated
 * into `secrets/` under the cluster's directory (mode 600).
 *
 * Layout under `dir` (the cluster keeps it in var/cluster/kafka):
 *   tls/        ca.key, ca.crt, node-<id>.pem (key + certificate chain; mode 600, unencrypted: Java 17
 *               cannot read a PBES2-encrypted PEM key, and its password would sit in server.properties beside it)
 *   secrets/    admin.password, hilfenetz.password, admin-client.properties (for Kafka's Java tools)
 *   node-<id>/  server.properties, data/, kafka.log, kafka.pid
 *   cluster.id  the KRaft cluster id all three nodes were formatted with
 *
 * Used by the cluster commands (import the functions) and by tests, which cannot import an ES
 * module from jest's CommonJS, as a script:
 *   node infra/cluster/lib/kafka-cluster.mjs up|down|status --dir <dir> [--base-port <port>] [--json]
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { kafkaClasspath } from '../../dev/lib/kafka.mjs';
import { isAlive, readPid, spawnDetached, stopPidFile } from '../../dev/lib/processes.mjs';
import { portOpen, sleep, tailFile } from '../../dev/lib/util.mjs';

export const KAFKA_CLUSTER_NODE_IDS = /** @type {const} */ ([1, 2, 3]);
export const KAFKA_ADMIN_USER = 'admin';
export const KAFKA_APP_USER = 'hilfenetz';
/** The app's topics and groups all start with this (topics.ts, the projector's group ids). */
export const KAFKA_APP_RESOURCE_PREFIX = 'hilfenetz.';
const SCRAM_MECHANISM = 'SCRAM-SHA-512';
const HOST = '127.0.0.1';
const brokerPrincipal = (/** @type {number} */ id) => `User:CN=kafka-broker-${id},O=hilfenetz`;

/**
 * @typedef {{ client: number[], broker: number[], controller: number[] }} KafkaClusterPorts
 *   Three ports each, node 1 first.
 * @typedef {{
 *   ctx: { ROOT: string, CACHE_DIR: string },
 *   dir: string,
 *   ports: KafkaClusterPorts,
 *   heap?: string,
 *   timeoutMs?: number,
 *   log?: (msg: string) => void,
 * }} KafkaClusterOptions
 * @typedef {{
 *   brokers: string,
 *   caFile: string,
 *   adminPasswordFile: string,
 *   appPasswordFile: string,
 *   env: Record<string, string>,
 *   adminEnv: Record<string, string>,
 * }} KafkaClusterConnection
 */

/**
 * Default ports, off the dev stack's (Kafka 19092/19093 + 100 per port set, ports.mjs): clients
 * 29092–29094, replication 29095–29097, controllers 29098–29100, + 100 per port set.
 * @param {number} [slot] @returns {KafkaClusterPorts}
 */
export function kafkaClusterPorts(slot = 0) {
  const base = 29092 + 100 * slot;
  return portsFromBase(base);
}

/** @param {number} base @returns {KafkaClusterPorts} */
function portsFromBase(base) {
  return {
    client: [base, base + 1, base + 2],
    broker: [base + 3, base + 4, base + 5],
    controller: [base + 6, base + 7, base + 8],
  };
}

/** @param {string} dir */
export function kafkaClusterPaths(dir) {
  const tls = path.join(dir, 'tls');
  const secrets = path.join(dir, 'secrets');
  return {
    tls,
    secrets,
    caKey: path.join(tls, 'ca.key'),
    caCert: path.join(tls, 'ca.crt'),
    clusterIdFile: path.join(dir, 'cluster.id'),
    passwordFile: (/** @type {string} */ user) => path.join(secrets, `${user}.password`),
    adminClientProperties: path.join(secrets, 'admin-client.properties'),
    node: (/** @type {number} */ id) => {
      const home = path.join(dir, `node-${id}`);
      return {
        home,
        data: path.join(home, 'data'),
        props: path.join(home, 'server.properties'),
        log: path.join(home, 'kafka.log'),
        pid: path.join(home, 'kafka.pid'),
        keystore: path.join(tls, `node-${id}.pem`),
      };
    },
  };
}

/**
 * What the apps and operators connect with: the variables libs/config reads (kafka-security.schema.ts).
 * @param {string} dir @param {KafkaClusterPorts} ports @returns {KafkaClusterConnection}
 */
export function kafkaClusterConnection(dir, ports) {
  const p = kafkaClusterPaths(dir);
  const brokers = ports.client.map((port) => `${HOST}:${port}`).join(',');
  const common = {
    KAFKA_BROKERS: brokers,
    KAFKA_SSL_CA_FILE: p.caCert,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_REPLICATION_FACTOR: '3',
  };
  return {
    brokers,
    caFile: p.caCert,
    adminPasswordFile: p.passwordFile(KAFKA_ADMIN_USER),
    appPasswordFile: p.passwordFile(KAFKA_APP_USER),
    env: { ...common, KAFKA_SASL_USERNAME: KAFKA_APP_USER, KAFKA_SASL_PASSWORD_FILE: p.passwordFile(KAFKA_APP_USER) },
    adminEnv: {
      ...common,
      KAFKA_SASL_USERNAME: KAFKA_ADMIN_USER,
      KAFKA_SASL_PASSWORD_FILE: p.passwordFile(KAFKA_ADMIN_USER),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Set-up: CA, node certificates, passwords, storage

/** @param {string} cmd @param {string[]} args */
function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** @param {string} file @param {string} content */
function writeSecret(file, content) {
  fs.writeFileSync(file, content, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** @param {string} file */
function ensureSecretFile(file) {
  // Hex: no character SCRAM's `--add-scram` syntax, a properties file or a shell would treat specially.
  if (!fs.existsSync(file)) writeSecret(file, `${randomBytes(24).toString('hex')}\n`);
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * The local CA and one certificate per node, made once. Keys are unencrypted PKCS#8 (what
 * `openssl req -nodes` writes), which Kafka's PEM key store reads without `ssl.key.password`.
 * @param {ReturnType<typeof kafkaClusterPaths>} p
 */
function ensureTls(p) {
  fs.mkdirSync(p.tls, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(p.caCert)) {
    run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      p.caKey,
      '-out',
      p.caCert,
      '-days',
      '3650',
      '-subj',
      '/O=hilfenetz/CN=hilfenetz Kafka cluster CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    fs.chmodSync(p.caKey, 0o600);
  }
  for (const id of KAFKA_CLUSTER_NODE_IDS) {
    const n = p.node(id);
    if (fs.existsSync(n.keystore)) continue;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hilfenetz-kafka-tls-'));
    try {
      const key = path.join(tmp, 'node.key');
      const csr = path.join(tmp, 'node.csr');
      const crt = path.join(tmp, 'node.crt');
      const ext = path.join(tmp, 'ext.cnf');
      run('openssl', [
        'req',
        '-new',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        csr,
        '-subj',
        `/O=hilfenetz/CN=kafka-broker-${id}`,
      ]);
      // serverAuth for the listeners, clientAuth because every node is a client of the others
      // (replication, quorum) on the mutual-TLS listeners.
      fs.writeFileSync(
        ext,
        [
          'basicConstraints=CA:FALSE',
          'keyUsage=critical,digitalSignature,keyEncipherment',
          'extendedKeyUsage=serverAuth,clientAuth',
          'subjectAltName=IP:127.0.0.1,DNS:localhost',
          '',
        ].join('\n'),
      );
      run('openssl', [
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        p.caCert,
        '-CAkey',
        p.caKey,
        '-CAcreateserial',
        '-CAserial',
        path.join(p.tls, 'ca.srl'),
        '-days',
        '825',
        '-sha256',
        '-extfile',
        ext,
        '-out',
        crt,
      ]);
      writeSecret(
        n.keystore,
        [fs.readFileSync(key, 'utf8'), fs.readFileSync(crt, 'utf8'), fs.readFileSync(p.caCert, 'utf8')].join(''),
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
}

/**
 * @param {ReturnType<typeof kafkaClusterPaths>} p @param {number} id @param {KafkaClusterPorts} ports
 */
function serverProperties(p, id, ports) {
  const i = id - 1;
  const n = p.node(id);
  const voters = KAFKA_CLUSTER_NODE_IDS.map((v) => `${v}@${HOST}:${ports.controller[v - 1]}`).join(',');
  return [
    '# Written by infra/cluster/lib/kafka-cluster.mjs at every start; edits are overwritten.',
    'process.roles=broker,controller',
    `node.id=${id}`,
    `listeners=CLIENT://${HOST}:${ports.client[i]},BROKER://${HOST}:${ports.broker[i]},CONTROLLER://${HOST}:${ports.controller[i]}`,
    `advertised.listeners=CLIENT://${HOST}:${ports.client[i]},BROKER://${HOST}:${ports.broker[i]}`,
    'listener.security.protocol.map=CLIENT:SASL_SSL,BROKER:SSL,CONTROLLER:SSL',
    'inter.broker.listener.name=BROKER',
    'controller.listener.names=CONTROLLER',
    // Static voters: the quorum is these three, fixed at format time (no --initial-controllers).
    `controller.quorum.voters=${voters}`,
    `log.dirs=${n.data}`,
    // TLS everywhere, from the local CA. The broker and controller listeners want the peer's
    // certificate; the client listener authenticates with SCRAM instead.
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${n.keystore}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${p.caCert}`,
    'ssl.protocol=TLSv1.3',
    'ssl.enabled.protocols=TLSv1.3',
    'ssl.endpoint.identification.algorithm=https',
    'listener.name.broker.ssl.client.auth=required',
    'listener.name.controller.ssl.client.auth=required',
    'listener.name.client.ssl.client.auth=none',
    `sasl.enabled.mechanisms=${SCRAM_MECHANISM}`,
    `listener.name.client.sasl.enabled.mechanisms=${SCRAM_MECHANISM}`,
    'listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=false',
    `super.users=User:${KAFKA_ADMIN_USER};${KAFKA_CLUSTER_NODE_IDS.map(brokerPrincipal).join(';')}`,
    // Durability: three copies, a write is acknowledged (acks=all) once two have it, and a replica
    // that missed writes never becomes leader.
    'default.replication.factor=3',
    'min.insync.replicas=2',
    'unclean.leader.election.enable=false',
    'num.partitions=3',
    'offsets.topic.replication.factor=3',
    'offsets.topic.num.partitions=6',
    'transaction.state.log.num.partitions=6',
    'transaction.state.log.replication.factor=3',
    'transaction.state.log.min.isr=2',
    'share.coordinator.state.topic.replication.factor=3',
    'share.coordinator.state.topic.min.isr=2',
    'auto.create.topics.enable=false',
    'log.retention.hours=-1',
    // Three JVMs share a small machine: few threads each.
    'num.network.threads=2',
    'num.io.threads=2',
    'background.threads=2',
    'num.replica.fetchers=1',
    'num.recovery.threads.per.data.dir=1',
    'log.cleaner.threads=1',
    '',
  ].join('\n');
}

/** @param {ReturnType<typeof kafkaClusterPaths>} p @param {string} adminPassword @param {KafkaClusterPorts} ports */
function adminClientProperties(p, adminPassword, ports) {
  return [
    '# For Kafka’s Java tools (kafka-topics, kafka-acls, kafka-metadata-quorum --command-config …) as the admin.',
    `bootstrap.servers=${ports.client.map((port) => `${HOST}:${port}`).join(',')}`,
    'security.protocol=SASL_SSL',
    `sasl.mechanism=${SCRAM_MECHANISM}`,
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${KAFKA_ADMIN_USER}" password="${adminPassword}";`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${p.caCert}`,
    '',
  ].join('\n');
}

/** A KRaft cluster id: 16 random bytes, URL-safe base64, never starting with '-' (it would read as an option). */
function newClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** @param {KafkaClusterOptions} o @param {string} cp */
function jvmArgs(o, cp) {
  return [
    `-Xmx${o.heap ?? '384m'}`,
    '-Xms128m',
    // Serial GC: one small heap per JVM, three JVMs on two cores; G1's background threads cost more than they save here.
    '-XX:+UseSerialGC',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${path.join(o.ctx.ROOT, 'infra/dev/kafka/log4j2.properties')}`,
    '-cp',
    cp,
  ];
}

/**
 * Writes the TLS material, passwords and each node's properties, and formats any node whose storage
 * is empty (with both SCRAM users in its bootstrap metadata). Idempotent.
 * @param {KafkaClusterOptions} o
 */
export function prepareKafkaCluster(o) {
  const p = kafkaClusterPaths(o.dir);
  const log = o.log ?? (() => {});
  fs.mkdirSync(p.secrets, { recursive: true, mode: 0o700 });
  ensureTls(p);
  const adminPassword = ensureSecretFile(p.passwordFile(KAFKA_ADMIN_USER));
  const appPassword = ensureSecretFile(p.passwordFile(KAFKA_APP_USER));
  writeSecret(p.adminClientProperties, adminClientProperties(p, adminPassword, o.ports));
  if (!fs.existsSync(p.clusterIdFile)) fs.writeFileSync(p.clusterIdFile, `${newClusterId()}\n`);
  const clusterId = fs.readFileSync(p.clusterIdFile, 'utf8').trim();
  const cp = kafkaClasspath(o.ctx);
  const unformatted = [];
  for (const id of KAFKA_CLUSTER_NODE_IDS) {
    const n = p.node(id);
    fs.mkdirSync(n.data, { recursive: true });
    writeSecret(n.props, serverProperties(p, id, o.ports));
    if (!fs.existsSync(path.join(n.data, 'meta.properties'))) unformatted.push(id);
  }
  if (unformatted.length) {
    log(`formatting KRaft storage of Kafka node(s) ${unformatted.join(', ')} in ${o.dir}`);
    // The passwords pass on the command line once, here (KIP-900 offers no file); the storage tool
    // stores only salted SCRAM keys. Every node gets the same users; the first active controller
    // writes its copy into the metadata log.
    const scram = [
      `${SCRAM_MECHANISM}=[name=${KAFKA_ADMIN_USER},password=${adminPassword}]`,
      `${SCRAM_MECHANISM}=[name=${KAFKA_APP_USER},password=${appPassword}]`,
    ];
    for (const id of unformatted) {
      const args = [
        ...jvmArgs(o, cp),
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId,
        '-c',
        p.node(id).props,
        ...scram.flatMap((s) => ['--add-scram', s]),
      ];
      const r = spawnSync('java', args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`Kafka storage format of node ${id} failed:\n${r.stdout}\n${r.stderr}`);
    }
  }
  return { clusterId };
}

// ---------------------------------------------------------------------------------------------
// Start, readiness, stop, status

/**
 * The KRaft leader as the nodes last wrote it (`__cluster_metadata-0/quorum-state`): a leader id
 * two nodes agree on for the same epoch, or null.
 * @param {string} dir
 */
export function kafkaQuorumLeader(dir) {
  const p = kafkaClusterPaths(dir);
  /** @type {Map<string, number>} */
  const votes = new Map();
  for (const id of KAFKA_CLUSTER_NODE_IDS) {
    try {
      const s = JSON.parse(fs.readFileSync(path.join(p.node(id).data, '__cluster_metadata-0', 'quorum-state'), 'utf8'));
      if (typeof s.leaderId === 'number' && s.leaderId >= 0) {
        const k = `${s.leaderId}@${s.leaderEpoch}`;
        votes.set(k, (votes.get(k) ?? 0) + 1);
      }
    } catch {
      /* not written yet */
    }
  }
  for (const [k, count] of votes) {
    if (count >= 2) {
      const [leader, epoch] = k.split('@').map(Number);
      return { leaderId: /** @type {number} */ (leader), epoch: /** @type {number} */ (epoch) };
    }
  }
  return null;
}

/**
 * A kafkajs admin client as `admin` over TLS (kafkajs from the checkout's node_modules: the cluster
 * commands run after `npm install`).
 * @param {string} dir @param {KafkaClusterPorts} ports
 */
async function adminClient(dir, ports) {
  const mod = await import('kafkajs');
  const kafkajs = /** @type {typeof import('kafkajs')} */ (/** @type {any} */ (mod).default ?? mod);
  const c = kafkaClusterConnection(dir, ports);
  const kafka = new kafkajs.Kafka({
    clientId: 'hilfenetz-kafka-cluster',
    brokers: c.brokers.split(','),
    ssl: { ca: [fs.readFileSync(c.caFile, 'utf8')] },
    sasl: {
      mechanism: 'scram-sha-512',
      username: KAFKA_ADMIN_USER,
      password: fs.readFileSync(c.adminPasswordFile, 'utf8').trim(),
    },
    logLevel: kafkajs.logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
  return { kafkajs, admin: kafka.admin() };
}

/**
 * Node ids of the brokers the cluster's metadata lists as alive (registered and unfenced), or null
 * when no node answers.
 * @param {string} dir @param {KafkaClusterPorts} ports
 */
export async function registeredBrokers(dir, ports) {
  const { admin } = await adminClient(dir, ports);
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.map((b) => b.nodeId).sort();
  } catch {
    return null;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * The app user's ACLs: its topic and group prefix, nothing else. createAcls is idempotent, so every
 * start applies them again (an operator's extra ACLs stay).
 * @param {string} dir @param {KafkaClusterPorts} ports
 */
async function ensureAppAcls(dir, ports) {
  const { kafkajs, admin } = await adminClient(dir, ports);
  const { AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;
  /** @param {number} resourceType @param {number[]} operations */
  const allow = (resourceType, operations) =>
    operations.map((operation) => ({
      resourceType,
      resourceName: KAFKA_APP_RESOURCE_PREFIX,
      resourcePatternType: ResourcePatternTypes.PREFIXED,
      principal: `User:${KAFKA_APP_USER}`,
      host: '*',
      operation,
      permissionType: AclPermissionTypes.ALLOW,
    }));
  await admin.connect();
  try {
    await admin.createAcls({
      acl: [
        ...allow(AclResourceTypes.TOPIC, [
          AclOperationTypes.READ,
          AclOperationTypes.WRITE,
          AclOperationTypes.DESCRIBE,
          AclOperationTypes.CREATE,
          AclOperationTypes.DESCRIBE_CONFIGS,
        ]),
        ...allow(AclResourceTypes.GROUP, [AclOperationTypes.READ, AclOperationTypes.DESCRIBE]),
      ],
    });
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** @param {number} id @param {KafkaClusterPorts} ports */
const nodePorts = (id, ports) => [ports.client[id - 1], ports.broker[id - 1], ports.controller[id - 1]];

/**
 * Starts the nodes that are not running (all three on a cold start, one after a crash), waits until
 * the quorum has a leader and all three brokers are registered, and applies the app's ACLs.
 * Throws with the last lines of the failing node's log.
 * @param {KafkaClusterOptions} o
 * @returns {Promise<KafkaClusterConnection & { startedNow: number[], ms: number }>}
 */
export async function startKafkaCluster(o) {
  const t0 = Date.now();
  const log = o.log ?? (() => {});
  const p = kafkaClusterPaths(o.dir);
  /** @type {number[]} */
  const toStart = [];
  for (const id of KAFKA_CLUSTER_NODE_IDS) {
    const pid = readPid(p.node(id).pid);
    if (pid && isAlive(pid)) continue;
    for (const port of nodePorts(id, o.ports)) {
      if (await portOpen(port)) {
        throw new Error(`port ${port} (Kafka cluster node ${id}) is taken by another process; nothing was started.`);
      }
    }
    toStart.push(id);
  }
  prepareKafkaCluster(o);
  const cp = kafkaClasspath(o.ctx);
  /** @type {Map<number, import('node:child_process').ChildProcess>} */
  const children = new Map();
  for (const id of toStart) {
    const n = p.node(id);
    log(`starting Kafka cluster node ${id} (clients on ${HOST}:${o.ports.client[id - 1]})`);
    children.set(
      id,
      spawnDetached('java', [...jvmArgs(o, cp), 'kafka.Kafka', n.props], {
        cwd: n.home,
        env: process.env,
        logFile: n.log,
        pidFile: n.pid,
      }),
    );
  }
  const deadline = Date.now() + (o.timeoutMs ?? 180_000);
  /** @param {string} why */
  const failWith = (why, id = toStart[0] ?? 1) =>
    new Error(`${why}. Last lines of ${p.node(id).log}:\n${tailFile(p.node(id).log, 40)}`);
  let brokers = /** @type {number[] | null} */ (null);
  for (;;) {
    for (const [id, child] of children) {
      if (child.exitCode !== null) throw failWith(`Kafka cluster node ${id} exited during start`, id);
    }
    const open = await Promise.all(KAFKA_CLUSTER_NODE_IDS.map((id) => portOpen(o.ports.client[id - 1])));
    if (open.every(Boolean) && kafkaQuorumLeader(o.dir)) {
      brokers = await registeredBrokers(o.dir, o.ports);
      if (brokers && brokers.length === KAFKA_CLUSTER_NODE_IDS.length) break;
    }
    if (Date.now() > deadline) {
      throw failWith(
        `the Kafka cluster was not ready within ${(o.timeoutMs ?? 180_000) / 1000}s (client ports open: ${open.join('/')}, ` +
          `quorum leader: ${JSON.stringify(kafkaQuorumLeader(o.dir))}, registered brokers: ${JSON.stringify(brokers)})`,
      );
    }
    await sleep(500);
  }
  await ensureAppAcls(o.dir, o.ports);
  const ms = Date.now() - t0;
  if (toStart.length)
    log(`Kafka cluster ready in ${(ms / 1000).toFixed(1)} s: ${kafkaClusterConnection(o.dir, o.ports).brokers}`);
  return { ...kafkaClusterConnection(o.dir, o.ports), startedNow: toStart, ms };
}

/**
 * Stops all three nodes at once: stopped one after another, the last two would wait for a quorum
 * that is already gone before giving up on their controlled shutdown.
 * @param {Pick<KafkaClusterOptions, 'dir'>} o
 */
export async function stopKafkaCluster(o) {
  const p = kafkaClusterPaths(o.dir);
  await Promise.all(KAFKA_CLUSTER_NODE_IDS.map((id) => stopPidFile(p.node(id).pid, `Kafka cluster node ${id}`)));
}

/**
 * Which nodes run, whether their client ports answer, the quorum's leader and the registered brokers.
 * @param {Pick<KafkaClusterOptions, 'dir' | 'ports'>} o
 */
export async function kafkaClusterStatus(o) {
  const p = kafkaClusterPaths(o.dir);
  const nodes = await Promise.all(
    KAFKA_CLUSTER_NODE_IDS.map(async (id) => {
      const pid = readPid(p.node(id).pid);
      const alive = Boolean(pid && isAlive(pid));
      return {
        id,
        pid: alive ? pid : null,
        clientPort: o.ports.client[id - 1],
        listening: await portOpen(o.ports.client[id - 1]),
      };
    }),
  );
  const anyListening = nodes.some((n) => n.listening);
  return {
    dir: o.dir,
    nodes,
    quorumLeader: nodes.some((n) => n.pid) ? kafkaQuorumLeader(o.dir) : null,
    registeredBrokers:
      anyListening && fs.existsSync(kafkaClusterPaths(o.dir).caCert) ? await registeredBrokers(o.dir, o.ports) : null,
    connection: kafkaClusterConnection(o.dir, o.ports),
  };
}

// ---------------------------------------------------------------------------------------------
// As a script (tests, operators)

async function main() {
  const argv = process.argv.slice(2);
  const cmd = argv[0];
  /** @param {string} name */
  const opt = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const dir = path.resolve(opt('--dir') ?? path.join(root, 'var', 'cluster', 'kafka'));
  const basePort = opt('--base-port');
  const ports = basePort ? portsFromBase(Number(basePort)) : kafkaClusterPorts(Number(opt('--slot') ?? 0));
  const json = argv.includes('--json');
  const ctx = {
    ROOT: root,
    CACHE_DIR:
      process.env.HILFENETZ_CACHE_DIR ??
      path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'hilfenetz'),
  };
  // Progress to stderr, so that --json leaves stdout to the answer.
  const log = (/** @type {string} */ msg) => console.error(`[hilfenetz] ${msg}`);
  /** @type {unknown} */
  let out;
  if (cmd === 'up') out = await startKafkaCluster({ ctx, dir, ports, log, heap: opt('--heap') });
  else if (cmd === 'down') {
    await stopKafkaCluster({ dir });
    out = { stopped: true };
  } else if (cmd === 'status') out = await kafkaClusterStatus({ dir, ports });
  else {
    console.error(
      'usage: kafka-cluster.mjs up|down|status [--dir <dir>] [--base-port <port> | --slot <n>] [--heap 384m] [--json]',
    );
    process.exit(2);
  }
  console.log(json ? JSON.stringify(out) : out);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`[hilfenetz] ✗ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
