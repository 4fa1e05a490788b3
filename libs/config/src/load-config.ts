import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { configSchema, smsGatewayConfigSchema, type AppConfig, type SmsGatewayConfig } from './config.schema';

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once; fails fast at boot with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return parseOrThrow(configSchema, withSecretFiles(env));
}

/**
 * Secrets an operator keeps in a file (a mounted Kubernetes or systemd credential) instead of the
 * environment, where every child process and `/proc/<pid>/environ` would see them:
 * `<NAME>_FILE` names the file, its content (without the trailing newline) becomes `<NAME>`.
 */
export const SECRET_FILE_VARIABLES = [
  // The URLs carry the database password.
  'DATABASE_URL',
  'DATABASE_MIGRATION_URL',
  'PERSONAL_DATA_MASTER_KEY',
  'PERSONAL_DATA_PREVIOUS_MASTER_KEYS',
  'EVENT_CHECKPOINT_SIGNING_KEY',
  'METRICS_TOKEN',
  'SMS_GATEWAY_SECRET',
] as const;

function withSecretFiles(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  const problems: string[] = [];
  for (const name of SECRET_FILE_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    // Two sources for one key: which one wins would be a guess, and a wrong guess loses data.
    if (env[name]) {
      problems.push(`${name}_FILE: set together with ${name}; set only one of them`);
      continue;
    }
    try {
      out[name] = readFileSync(file, 'utf8').trim();
    } catch (err) {
      problems.push(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out;
}

/** The local SMS/voice gateway's settings (apps/sms-gateway). */
export function loadSmsGatewayConfig(env: NodeJS.ProcessEnv = process.env): SmsGatewayConfig {
  return parseOrThrow(smsGatewayConfigSchema, env);
}

function parseOrThrow<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data as z.output<S>;
}
