import { z } from 'zod';

/**
 * How the apps reach a Kafka cluster that requires TLS and SASL/SCRAM (the production shape,
 * issue 15). All unset: plain connections, as to the single broker `npm start` runs.
 *
 * Whether the values fit together is `kafkaSecurityProblems`; `kafkaSecurityOptions` (libs/event-bus)
 * checks it again where the client is made and reads the files, so the tools that reach Kafka without
 * the rest of the app configuration (ensure-topics) are held to the same rules.
 */
export const kafkaSecurityVariables = {
  /** PEM file of the CA that signed the brokers' certificates. Set: every connection uses TLS and trusts only it. */
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  /** SASL mechanism (SCRAM over TLS): `scram-sha-512` for the production shape's cluster. Unset: no SASL. */
  KAFKA_SASL_MECHANISM: z.preprocess(
    (v) => (typeof v === 'string' ? v.toLowerCase() : v),
    z.enum(['scram-sha-256', 'scram-sha-512']).optional(),
  ),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  /** The SCRAM password, or KAFKA_SASL_PASSWORD_FILE naming a file that holds it (a mounted secret); not both. */
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD_FILE: z.string().min(1).optional(),
} satisfies z.ZodRawShape;

const kafkaSecurityObject = z.object(kafkaSecurityVariables);

/** The Kafka security settings of the app configuration (a subset of AppConfig). */
export type KafkaSecurityConfig = z.infer<typeof kafkaSecurityObject>;

/**
 * Whether the values fit together: a mechanism needs a user and exactly one password source, and
 * credentials without a mechanism would be ignored without a word (the app would connect without
 * them). Messages start with the variable they are about. The files are read later, by
 * `kafkaSecurityOptions` (libs/event-bus).
 */
export function kafkaSecurityProblems(c: KafkaSecurityConfig): string[] {
  const problems: string[] = [];
  if (c.KAFKA_SASL_PASSWORD && c.KAFKA_SASL_PASSWORD_FILE) {
    problems.push('KAFKA_SASL_PASSWORD_FILE: set together with KAFKA_SASL_PASSWORD; set only one of them');
  }
  if (!c.KAFKA_SASL_MECHANISM) {
    const stray = (['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'] as const).filter(
      (k) => c[k],
    );
    if (stray.length) problems.push(`KAFKA_SASL_MECHANISM: is required when ${stray.join(', ')} is set`);
    return problems;
  }
  if (!c.KAFKA_SASL_USERNAME) problems.push('KAFKA_SASL_USERNAME: is required with KAFKA_SASL_MECHANISM');
  if (!c.KAFKA_SASL_PASSWORD && !c.KAFKA_SASL_PASSWORD_FILE) {
    problems.push('KAFKA_SASL_PASSWORD: is required with KAFKA_SASL_MECHANISM (or KAFKA_SASL_PASSWORD_FILE)');
  }
  return problems;
}

/** For the app schema's superRefine: the same checks as issues of the variables they name. */
export function refineKafkaSecurity(c: KafkaSecurityConfig, ctx: z.RefinementCtx): void {
  for (const problem of kafkaSecurityProblems(c)) {
    const [variable = '', ...rest] = problem.split(': ');
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message: rest.join(': ') });
  }
}

/**
 * Reads only these variables, for tools that need nothing else of the app configuration. Returns
 * the problems instead of throwing: the caller reports them as its configuration errors.
 */
export function parseKafkaSecurityVariables(
  env: NodeJS.ProcessEnv,
): { ok: true; config: KafkaSecurityConfig } | { ok: false; issues: string[] } {
  const parsed = kafkaSecurityObject.safeParse(env);
  if (parsed.success) {
    const problems = kafkaSecurityProblems(parsed.data);
    return problems.length ? { ok: false, issues: problems } : { ok: true, config: parsed.data };
  }
  return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}
