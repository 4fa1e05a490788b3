/** What the e2e global setup started, handed to the tests through the environment. */
export function e2eStack() {
  const get = (k: string) => {
    const v = process.env[k];
    if (!v) throw new Error(`${k} missing: the e2e global setup did not run`);
    return v;
  };
  return {
    apiUrl: get('E2E_API_URL'),
    issuer: get('E2E_OIDC_ISSUER'),
    databaseUrl: get('E2E_DATABASE_URL'),
    topicPrefix: get('E2E_KAFKA_TOPIC_PREFIX'),
    kafkaBrokers: get('KAFKA_BROKERS').split(','),
    /** This system's SMS/voice gateway (apps/sms-gateway) and the secret it signs receipts with. */
    gatewayUrl: get('E2E_SMS_GATEWAY_URL'),
    gatewaySecret: get('E2E_SMS_GATEWAY_SECRET'),
    /** Mailpit's web UI and API (empty when an external SMTP server is configured). */
    mailpitUrl: process.env.E2E_MAILPIT_URL ?? '',
    /** Each app's metrics endpoint and the scraper's bearer token. */
    metrics: {
      api: get('E2E_METRICS_API_URL'),
      worker: get('E2E_METRICS_WORKER_URL'),
      projector: get('E2E_METRICS_PROJECTOR_URL'),
      token: get('E2E_METRICS_TOKEN'),
    },
  };
}
