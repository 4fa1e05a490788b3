import { configSchema, SECRET_FILE_VARIABLES } from '@hilfenetz/config';
import { TOPICS } from '@hilfenetz/event-bus';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The Kubernetes route of infra/deploy (kubernetes/*.yaml, infra/deploy/README.md "On Kubernetes"):
 * no cluster runs here, so this checks what a reviewer would — every document parses, each app
 * runs twice as a non-root, read-only, capability-less container starting a built app, secrets
 * arrive as files the configuration reads, only known variables are set, probes hit routes the
 * API has, and Kafka and Temporal are configured the way the cluster shape tests them (TLS with
 * SCRAM, replication 3 / min ISR 2, our topic; Postgres persistence, mutual TLS, a retention).
 */
const ROOT = path.resolve(__dirname, '..', '..');
const DIR = path.join(ROOT, 'infra', 'deploy', 'kubernetes');
const known = new Set([
  ...Object.keys(configSchema.innerType().shape),
  ...SECRET_FILE_VARIABLES.map((n) => `${n}_FILE`),
]);

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function docs(file: string): Doc[] {
  const parsed = parseAllDocuments(readFileSync(path.join(DIR, file), 'utf8'));
  for (const d of parsed) expect(d.errors.map((e) => e.message)).toEqual([]);
  return parsed.map((d) => d.toJS() as Doc).filter((d) => d !== null);
}

describe('infra/deploy/kubernetes/hilfenetz.yaml (the apps)', () => {
  const all = docs('hilfenetz.yaml');
  const deployments = all.filter((d) => d.kind === 'Deployment');
  const configMap = all.find((d) => d.kind === 'ConfigMap')!;

  it('runs the api, worker and projector twice each, with a disruption budget that keeps one', () => {
    expect(deployments.map((d) => [d.metadata.name, d.spec.replicas])).toEqual([
      ['hilfenetz-api', 2],
      ['hilfenetz-worker', 2],
      ['hilfenetz-projector', 2],
    ]);
    const budgets = all.filter((d) => d.kind === 'PodDisruptionBudget');
    expect(budgets.map((b) => b.spec.minAvailable)).toEqual([1, 1, 1]);
  });

  it.each(['api', 'worker', 'projector'])('%s: a built app, non-root, read-only, no capabilities', (app) => {
    const pod = deployments.find((d) => d.metadata.name === `hilfenetz-${app}`)!.spec.template.spec;
    const [c] = pod.containers;
    expect(c.command).toEqual(['node', `dist/apps/${app}/src/main.js`]);
    expect(existsSync(path.join(ROOT, 'apps', app, 'src', 'main.ts'))).toBe(true);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it.each(['api', 'worker', 'projector'])('%s: secrets as mounted files, only variables the apps read', (app) => {
    const pod = deployments.find((d) => d.metadata.name === `hilfenetz-${app}`)!.spec.template.spec;
    const [c] = pod.containers;
    const env = Object.fromEntries((c.env as { name: string; value: string }[]).map((e) => [e.name, e.value]));
    expect([...Object.keys(env), ...Object.keys(configMap.data)].filter((n) => !known.has(n))).toEqual([]);
    for (const secret of ['PERSONAL_DATA_MASTER_KEY', 'DATABASE_URL', 'KAFKA_SASL_PASSWORD', 'METRICS_TOKEN']) {
      expect(env[`${secret}_FILE`]).toMatch(/^\/run\/secrets\//);
      expect(env[secret]).toBeUndefined();
      expect(configMap.data[secret]).toBeUndefined();
    }
    // Every file a variable names lies in a mounted volume.
    const mounts = (c.volumeMounts as { mountPath: string }[]).map((m) => m.mountPath);
    const files = [...Object.values(env), ...Object.values(configMap.data as Record<string, string>)].filter((v) =>
      /^\/run\//.test(String(v)),
    );
    for (const f of files) expect(mounts.some((m) => String(f).startsWith(`${m}/`))).toBe(true);
    // Only the projectors sign checkpoints.
    expect(env.EVENT_CHECKPOINT_SIGNING_KEY_FILE !== undefined).toBe(app === 'projector');
  });

  it('probes the API on the routes it has, and production mode with TLS to Temporal and Kafka', () => {
    const [c] = deployments.find((d) => d.metadata.name === 'hilfenetz-api')!.spec.template.spec.containers;
    expect([c.readinessProbe.httpGet.path, c.livenessProbe.httpGet.path]).toEqual(['/ready', '/health']);
    const health = readFileSync(path.join(ROOT, 'apps/api/src/health/health.controller.ts'), 'utf8');
    expect(health).toContain("@Get('ready')");
    expect(health).toContain("@Get('health')");
    expect(configMap.data).toMatchObject({
      NODE_ENV: 'production',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      TEMPORAL_TLS_SERVER_NAME: 'temporal-frontend',
    });
    expect(configMap.data.KAFKA_SSL_CA_FILE).toBeDefined();
    expect(configMap.data.TEMPORAL_TLS_CERT_FILE).toBeDefined();
  });
});

describe('infra/deploy/kubernetes/strimzi-kafka.yaml (Kafka through Strimzi)', () => {
  const all = docs('strimzi-kafka.yaml');
  const kafka = all.find((d) => d.kind === 'Kafka')!;

  it('listens only with TLS and SCRAM, replicates 3 with min ISR 2, on three KRaft nodes', () => {
    expect(kafka.spec.kafka.listeners).toEqual([
      expect.objectContaining({ tls: true, authentication: { type: 'scram-sha-512' } }),
    ]);
    expect(kafka.spec.kafka.config).toMatchObject({ 'default.replication.factor': 3, 'min.insync.replicas': 2 });
    expect(kafka.metadata.annotations['strimzi.io/kraft']).toBe('enabled');
    expect(all.find((d) => d.kind === 'KafkaNodePool')!.spec).toMatchObject({ replicas: 3 });
  });

  it('declares our topic as the apps create it, and a user whose ACLs reach our topics and groups only', () => {
    const topic = all.find((d) => d.kind === 'KafkaTopic')!;
    expect(topic.metadata.name).toBe(TOPICS.caseEvents.name);
    expect(topic.spec).toMatchObject({ partitions: TOPICS.caseEvents.partitions, replicas: 3 });
    expect(topic.spec.config['retention.ms']).toBe(TOPICS.caseEvents.retentionMs);
    const acls = all.find((d) => d.kind === 'KafkaUser')!.spec.authorization.acls as {
      resource: { type: string; name: string; patternType: string };
    }[];
    expect(acls.map((a) => [a.resource.type, a.resource.name, a.resource.patternType])).toEqual([
      ['topic', 'hilfenetz.', 'prefix'],
      ['group', 'hilfenetz.', 'prefix'],
    ]);
    expect(TOPICS.caseEvents.name.startsWith('hilfenetz.')).toBe(true);
  });
});

describe('infra/deploy/kubernetes/temporal-values.yaml (the official Temporal chart)', () => {
  const [values] = docs('temporal-values.yaml');

  it('persists on Postgres over TLS, with mutual TLS inside and at the frontend, and a namespace retention', () => {
    const stores = values!.server.config.persistence.datastores;
    for (const store of ['default', 'visibility']) {
      expect(stores[store].sql).toMatchObject({ pluginName: 'postgres12', tls: { enabled: true } });
    }
    expect(values!.server.tls.internode.enabled).toBe(true);
    expect(values!.server.tls.frontend.enabled).toBe(true);
    expect(values!.server.config.namespaces.namespace).toEqual([{ name: 'hilfenetz', retention: '30d' }]);
    // The namespace the apps' ConfigMap names.
    const configMap = docs('hilfenetz.yaml').find((d) => d.kind === 'ConfigMap')!;
    expect(configMap.data.TEMPORAL_NAMESPACE).toBe('hilfenetz');
  });
});
