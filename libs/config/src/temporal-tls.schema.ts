import { z } from 'zod';

const file = z.string().trim().min(1, 'must name a file');

/**
 * How the apps reach a Temporal frontend that requires mutual TLS (the production shape, issue 15).
 * All unset: a plain connection, as to the dev server `npm start` runs.
 * The files are read when the connection is made (`temporalConnectionOptions`), not here: the
 * schema stays a pure check of the environment, and a mounted certificate that is renewed in place
 * is picked up by the next start without a change of configuration.
 */
export const temporalTlsVariables = {
  /** PEM of the CA that signed the frontend's certificate (the cluster's own CA, not the system's trust store). */
  TEMPORAL_TLS_CA_FILE: file.optional(),
  /** PEM of this app's client certificate, which the frontend requires (`requireClientAuth`). */
  TEMPORAL_TLS_CERT_FILE: file.optional(),
  /** PEM of that certificate's private key. */
  TEMPORAL_TLS_KEY_FILE: file.optional(),
  /** The name the frontend's certificate is checked against, when it differs from TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: z.string().trim().min(1).optional(),
} satisfies z.ZodRawShape;

export type TemporalTlsVariables = z.infer<z.ZodObject<typeof temporalTlsVariables>>;

const FILES = ['TEMPORAL_TLS_CA_FILE', 'TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE'] as const;

/**
 * Problems with the combination of the TLS variables, as `[variable, message]` pairs.
 * All three files or none: with only some of them the app would either connect in clear text or
 * fail later at the first call with a TLS error far from the cause; refusing at boot names it.
 * A server name without the files would be silently ignored, so it is refused too.
 */
export function temporalTlsProblems(c: TemporalTlsVariables): Array<[keyof TemporalTlsVariables, string]> {
  const set = FILES.filter((name) => c[name] !== undefined);
  const problems: Array<[keyof TemporalTlsVariables, string]> = [];
  if (set.length > 0 && set.length < FILES.length) {
    for (const name of FILES.filter((n) => c[n] === undefined)) {
      problems.push([
        name,
        `is required when ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set (all three files or none)`,
      ]);
    }
  }
  if (c.TEMPORAL_TLS_SERVER_NAME !== undefined && set.length === 0) {
    problems.push([
      'TEMPORAL_TLS_SERVER_NAME',
      'is only used with TLS: set TEMPORAL_TLS_CA_FILE, _CERT_FILE and _KEY_FILE too',
    ]);
  }
  return problems;
}

/** Adds the problems of `temporalTlsProblems` to a zod refinement context (one line in the config's superRefine). */
export function refineTemporalTls(c: TemporalTlsVariables, ctx: z.RefinementCtx): void {
  for (const [name, message] of temporalTlsProblems(c)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message });
  }
}
