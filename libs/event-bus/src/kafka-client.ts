import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** TLS options (kafkaSecurityOptions: the cluster's CA), or true for the system's CAs. */
  ssl?: boolean | ConnectionOptions;
  sasl?: SASLOptions;
}

const LEVEL_NAMES: Record<number, string> = { 1: 'error', 2: 'warn', 4: 'info', 5: 'debug' };
/** Warnings about options we chose on purpose (see KafkaPublisher), not problems. */
const EXPECTED_WARNINGS = [/switched default partitioner/, /Limiting retries for the idempotent producer/];

/** kafkajs log lines as our JSON log lines, without the known noise. */
function logCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, timestamp: _t, logger: _l, ...extra } = log;
    if (level === logLevel.WARN && EXPECTED_WARNINGS.some((r) => r.test(message))) return;
    process.stderr.write(
      `${JSON.stringify({ level: LEVEL_NAMES[level] ?? 'info', time: new Date().toISOString(), msg: `kafka: ${message}`, ...extra })}\n`,
    );
  };
}

export function createKafka(s: KafkaSettings): Kafka {
  return new Kafka({
    clientId: s.clientId,
    brokers: s.brokers,
    ssl: s.ssl,
    sasl: s.sasl,
    logLevel: logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 200, retries: 12, maxRetryTime: 5_000 },
  });
}
