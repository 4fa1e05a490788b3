import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import {
  ConfigError,
  kafkaSecurityProblems,
  parseKafkaSecurityVariables,
  type KafkaSecurityConfig,
} from '@hilfenetz/config';

export interface KafkaSecurityOptions {
  ssl?: ConnectionOptions;
  sasl?: SASLOptions;
}

/**
 * The kafkajs `ssl` and `sasl` options for the configured cluster (KAFKA_SSL_CA_FILE,
 * KAFKA_SASL_*), with the CA and the password read from their files. Nothing configured: `{}`, a
 * plain connection. Spread the result into `createKafka`.
 *
 * Throws a ConfigError listing every problem: credentials without a mechanism (they would be
 * ignored without a word, and the app would connect without them), a mechanism without a user or a
 * password, two password sources, an unreadable file, a CA file with no certificate in it. Called
 * once at boot, so a wrong file stops the app there and not at its first message.
 */
export function kafkaSecurityOptions(c: KafkaSecurityConfig): KafkaSecurityOptions {
  const problems: string[] = [];
  const read = (variable: string, file: string): string | undefined => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      problems.push(`${variable}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      return undefined;
    }
  };

  const out: KafkaSecurityOptions = {};
  if (c.KAFKA_SSL_CA_FILE) {
    const ca = read('KAFKA_SSL_CA_FILE', c.KAFKA_SSL_CA_FILE);
    if (ca !== undefined && !ca.includes('-----BEGIN CERTIFICATE-----')) {
      problems.push(`KAFKA_SSL_CA_FILE: ${c.KAFKA_SSL_CA_FILE} holds no PEM certificate`);
    } else if (ca !== undefined) {
      // Only this CA: a certificate from any public CA must not pass for one of our brokers. The
      // host name is checked against the certificate as for any TLS connection (Node's default).
      out.ssl = { ca: [ca] };
    }
  }

  const combination = kafkaSecurityProblems(c);
  problems.push(...combination);
  if (c.KAFKA_SASL_MECHANISM && combination.length === 0) {
    let password = c.KAFKA_SASL_PASSWORD;
    if (!password && c.KAFKA_SASL_PASSWORD_FILE) {
      // Without the trailing newline an editor or `echo` leaves, as for the other secret files.
      password = read('KAFKA_SASL_PASSWORD_FILE', c.KAFKA_SASL_PASSWORD_FILE)?.trim();
      if (password === '') problems.push(`KAFKA_SASL_PASSWORD_FILE: ${c.KAFKA_SASL_PASSWORD_FILE} is empty`);
    }
    if (c.KAFKA_SASL_USERNAME && password) {
      out.sasl = { mechanism: c.KAFKA_SASL_MECHANISM, username: c.KAFKA_SASL_USERNAME, password };
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out;
}

/** For tools that read no other configuration (ensure-topics): the options from the environment. */
export function kafkaSecurityOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSecurityOptions {
  const parsed = parseKafkaSecurityVariables(env);
  if (!parsed.ok) throw new ConfigError(parsed.issues);
  return kafkaSecurityOptions(parsed.config);
}
