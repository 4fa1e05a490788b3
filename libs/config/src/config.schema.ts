import { z } from 'zod';
import {
  keyringConflicts,
  MASTER_KEY_ID_PATTERN,
  masterKeyFingerprint,
  parsePreviousMasterKeys,
  weakMasterKeyReason,
} from './master-key';
import { kafkaSecurityVariables, refineKafkaSecurity } from './kafka-security.schema';
import { refineTemporalTls, temporalTlsVariables } from './temporal-tls.schema';

const csv = z
  .string()
  .min(1)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** A dotted path into a token's claims: `org`, `realm_access.roles`, `resource_access.hilfenetz-api.roles`. */
const claimPath = /^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/;

/**
 * Every variable the apps read, in one schema. `.env.example` documents each of them; the stack
 * script (`npm start`) fills the local defaults.
 */
const appConfigObject = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url(),
  /** The schema owner, for migrations and maintenance CLIs (`npm run keys:rewrap`); unset: DATABASE_URL. */
  DATABASE_MIGRATION_URL: z.string().url().optional(),
  TEMPORAL_ADDRESS: z.string().min(1),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('hilfenetz-crisis'),
  /** The API's budget for all Temporal calls of one request; past it the answer is 503 with Retry-After. */
  TEMPORAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8_000),
  KAFKA_BROKERS: csv,
  KAFKA_CLIENT_ID: z.string().min(1).default('hilfenetz'),
  /** Prefixes every topic and consumer group: lets test runs share a broker without meeting. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-z0-9._-]*$/)
    .default(''),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** OpenID Connect issuer whose keys (JWKS) sign the bearer tokens the API accepts. */
  OIDC_ISSUER: z.string().url(),
  OIDC_AUDIENCE: z.string().min(1).default('hilfenetz-api'),
  /**
   * How far the issuer's clock may be off from the API's when `exp`, `nbf` and `iat` are checked.
   * Bounded: every second here is a second an expired token still opens the API.
   */
  OIDC_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(120).default(30),
  /**
   * Where the access token carries the roles: dotted claim paths, comma-separated, all of them read
   * (`realm_access.roles` for Keycloak's realm roles, `resource_access.<client>.roles` for client
   * roles, `groups` for group paths whose last segment names the role, `roles` for a flat claim).
   */
  OIDC_ROLES_CLAIM: z
    .string()
    .default('roles,realm_access.roles')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(claimPath, 'must be a dotted claim path such as realm_access.roles')).min(1)),
  /** Where the access token carries the organisation: a dotted claim path. Tokens without it are refused. */
  OIDC_ORGANISATION_CLAIM: z.string().regex(claimPath, 'must be a dotted claim path such as org').default('org'),
  /**
   * Set when the IdP models organisations as groups (`/organisationen/org-kjp-st-marien`): the
   * organisation claim then holds group paths (e.g. `groups`) and the organisation is the segment
   * right below this prefix. A token naming none or two organisations is refused.
   */
  OIDC_ORGANISATION_GROUP_PREFIX: z
    .string()
    .regex(/^\/([^/]+\/)+$/, 'must be a group path with a slash at both ends, such as /organisationen/')
    .optional(),
  /** Open Server-Sent Events streams one user may hold on one API instance; the next is refused with 429. */
  API_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
  /** Events one timeline export may hold; a larger one is refused (422) and must be narrowed by time or type. */
  API_EXPORT_MAX_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Writes (POST, PUT, PATCH, DELETE) one user may make per window, on every API instance; more get 429. */
  /** SMTP server for e-mail notifications (smtp://host:port or smtps://user:pass@host). Unset: no e-mail channel. */
  SMTP_URL: z.string().url().optional(),
  /** HTTP gateway for SMS/voice notifications (POST JSON). Unset: no phone channel. */
  SMS_GATEWAY_URL: z.string().url().optional(),
  /**
   * Shared with the SMS/voice gateway: it signs every delivery receipt with it (HMAC-SHA256), and a
   * receipt without a valid signature changes nothing. Required with SMS_GATEWAY_URL.
   */
  SMS_GATEWAY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Where the gateway posts delivery receipts: this API's /notifications/gateway-receipts, as the gateway reaches it. */
  NOTIFICATION_RECEIPT_URL: z.string().url().optional(),
  NOTIFICATION_FROM: z.string().min(3).default('hilfenetz <hilfenetz@lindenau.example>'),
  /** Where people open hilfenetz; notifications link there. */
  PUBLIC_APP_URL: z.string().url().default('http://127.0.0.1:5173'),
  API_WRITE_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(60),
  API_WRITE_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  /** Writes of signed-in users one API instance runs at once; more wait (API_WRITE_QUEUE_MS), then 503. */
  API_MAX_CONCURRENT_WRITES: z.coerce.number().int().min(1).max(10_000).default(16),
  API_WRITE_QUEUE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /**
   * Postgres connections of one API instance. Unset: API_MAX_CONCURRENT_WRITES + 8. A trigger holds
   * its connection while Temporal starts the crisis (the case's trigger lock, docs/adr/0034), so with
   * fewer connections than writes the admitted triggers alone could take every one and each read
   * (an inbox reload, a briefing) would wait behind them.
   */
  API_DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(1_000).optional(),
  /** Reads of case data one user may make per window (far above a person's pace, below a script's). */
  CASE_READ_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  CASE_READ_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  /** Searches of the public offer page (no login, issue 17) per client address and minute. */
  PUBLIC_OFFER_READS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  /**
   * Wraps every data subject's key (crypto-shredding). Base64 of 32 random bytes; from a secret
   * store in production (or PERSONAL_DATA_MASTER_KEY_FILE, read by loadConfig). `npm start` makes one
   * per checkout in var/secrets/. In production mode weak keys are refused (master-key.ts).
   */
  PERSONAL_DATA_MASTER_KEY: z
    .string({ required_error: 'is required (or PERSONAL_DATA_MASTER_KEY_FILE naming a file that holds it)' })
    .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be base64 of exactly 32 bytes'),
  /**
   * The current master key's id, stored beside every subject key it wraps (docs/adr/0023). Unset:
   * its fingerprint, the first 16 hex digits of SHA-256 of the key (what the vault always stored).
   */
  PERSONAL_DATA_MASTER_KEY_ID: z
    .string()
    .regex(MASTER_KEY_ID_PATTERN, `must match ${MASTER_KEY_ID_PATTERN.source}`)
    .optional(),
  /**
   * Earlier master keys, kept for reading only after a rotation: subject keys not yet re-wrapped
   * (`npm run keys:rewrap`), Temporal histories and Kafka messages encrypted before. Entries
   * `base64` or `id:base64`, separated by commas or line breaks; or PERSONAL_DATA_PREVIOUS_MASTER_KEYS_FILE.
   */
  PERSONAL_DATA_PREVIOUS_MASTER_KEYS: z.string().optional(),
  /**
   * Signs the event log's checkpoints (Ed25519 seed, base64 of 32 bytes; docs/adr/0016). Only the
   * projector, which writes them on a schedule, and `npm run events:checkpoint` need it; give it to
   * nothing else. `npm start` makes one per checkout in var/secrets/.
   */
  EVENT_CHECKPOINT_SIGNING_KEY: z
    .string()
    .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be base64 of a 32-byte Ed25519 seed')
    .optional(),
  /** The public key(s) verify checks checkpoints with (raw Ed25519, base64; comma separated after a rotation). */
  EVENT_CHECKPOINT_PUBLIC_KEY: z.string().min(1).optional(),
  /** How often the projector signs a checkpoint: the longest a dropped tail can go unnoticed by verify. */
  EVENT_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(3_600),
  RELAY_POLL_INTERVAL_MS: z.coerce.number().int().min(5).max(60_000).default(200),
  /**
   * How often the relay's leader sweeps the log for events a projection never received (a message
   * Kafka lost at the end of a stream), and how old an event must be before it counts as lost
   * rather than on its way. The grace is the longest a lost last event stays out of the read models.
   */
  PROJECTION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  PROJECTION_SWEEP_GRACE_MS: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
  /** The worker's prebuilt workflow bundle (`npm run build`); unset: bundled from the sources at start. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  /**
   * `on`: the worker records a stack trace for every promise a workflow creates, for Temporal's
   * stack trace query (`temporal workflow stack`, the UI's "Stack Trace"). Off by default: it cost
   * 45 % of the workflow thread (docs/adr/0045). Read by the patched SDK in the workflow thread.
   */
  TEMPORAL_WORKFLOW_STACK_TRACES: z.enum(['on', 'off']).default('off'),
  /**
   * Metrics in Prometheus format (`GET /metrics`) on a port of the app's own; unset: none served.
   * Each replica of api, worker and projector needs its own port when they share a host.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  /** Where the metrics port listens; the scraper's network, never the public one. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** The bearer token the scraper sends (`openssl rand -hex 32`); required with METRICS_PORT. */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)').optional(),
  ...temporalTlsVariables,
  ...kafkaSecurityVariables,
});

export const configSchema = appConfigObject.superRefine((c, ctx) => {
  refineTemporalTls(c, ctx);
  refineKafkaSecurity(c, ctx);
  // Production mode refuses keys that protect nothing (docs/adr/0022): every subject key is wrapped,
  // and every Temporal payload and Kafka value encrypted, under keys derived from this one.
  if (c.NODE_ENV === 'production') {
    const weak = weakMasterKeyReason(Buffer.from(c.PERSONAL_DATA_MASTER_KEY, 'base64'));
    if (weak) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['PERSONAL_DATA_MASTER_KEY'],
        message: `${weak}: refused in production (NODE_ENV=production); make one with: openssl rand -base64 32`,
      });
    }
  }
  const previous = parsePreviousMasterKeys(c.PERSONAL_DATA_PREVIOUS_MASTER_KEYS);
  const current = Buffer.from(c.PERSONAL_DATA_MASTER_KEY, 'base64');
  const problems = [...previous.problems];
  if (current.length === 32) {
    const fingerprint = masterKeyFingerprint(current);
    problems.push(
      ...keyringConflicts([
        { id: c.PERSONAL_DATA_MASTER_KEY_ID ?? fingerprint, fingerprint, key: current },
        ...previous.entries,
      ]),
    );
  }
  if (c.NODE_ENV === 'production') {
    // A weak previous key still opens everything it wrapped: refused like a weak current one.
    previous.entries.forEach((e, i) => {
      const weak = weakMasterKeyReason(e.key);
      if (weak) problems.push(`previous key ${i + 1} ${weak}: refused in production (NODE_ENV=production)`);
    });
  }
  for (const message of problems) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['PERSONAL_DATA_PREVIOUS_MASTER_KEYS'], message });
  }
  // Every endpoint authenticates, the metrics port too.
  if (c.METRICS_PORT !== undefined && !c.METRICS_TOKEN) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['METRICS_TOKEN'],
      message: 'is required when METRICS_PORT is set (the scraper sends it as a bearer token)',
    });
  }
  if (c.API_DATABASE_POOL_SIZE !== undefined && c.API_DATABASE_POOL_SIZE <= c.API_MAX_CONCURRENT_WRITES) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['API_DATABASE_POOL_SIZE'],
      message: `must be larger than API_MAX_CONCURRENT_WRITES (${c.API_MAX_CONCURRENT_WRITES}): admitted writes may each hold a connection, and reads need one too`,
    });
  }
  // Without the secret no receipt could be trusted, so SMS would never count as delivered.
  if (c.SMS_GATEWAY_URL && !c.SMS_GATEWAY_SECRET) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['SMS_GATEWAY_SECRET'],
      message: 'is required when SMS_GATEWAY_URL is set (the gateway signs its delivery receipts with it)',
    });
  }
});

export type AppConfig = z.infer<typeof configSchema>;

/** The API's Postgres pool: the setting, or room for every admitted write and eight reads beside them. */
export const apiDatabasePoolSize = (
  c: Pick<AppConfig, 'API_DATABASE_POOL_SIZE' | 'API_MAX_CONCURRENT_WRITES'>,
): number => c.API_DATABASE_POOL_SIZE ?? c.API_MAX_CONCURRENT_WRITES + 8;

/**
 * The local SMS/voice gateway (apps/sms-gateway, a development tool): its own small schema, since
 * it needs none of the apps' servers.
 */
export const smsGatewayConfigSchema = z.object({
  SMS_GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  SMS_GATEWAY_SECRET: z.string().min(16, 'must be at least 16 characters'),
  /** How long the simulated phone takes until the receipt is sent (ms). */
  SMS_GATEWAY_DELIVERY_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(300),
});

export type SmsGatewayConfig = z.infer<typeof smsGatewayConfigSchema>;
