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
  return parseOrThrow(configSchema, env);
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
