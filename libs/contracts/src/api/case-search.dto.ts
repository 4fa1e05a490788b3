import { z } from 'zod';

/**
 * GET /cases?ref=: a prefix of the pseudonymous case reference (at least 3 characters), or of a
 * full case id `<office>.<reference>` (docs/adr/0024; only the caller's office's cases are found).
 */
export const caseSearchQuery = z
  .object({
    ref: z
      .string()
      .regex(
        /^(?:[A-Za-z0-9][A-Za-z0-9-]{0,63}\.)?[A-Za-z0-9][A-Za-z0-9-]{2,63}$/,
        'must be the start of a case reference (3–64 letters, digits, dashes), optionally after its office and a dot',
      ),
  })
  .strict();
export type CaseSearchQuery = z.infer<typeof caseSearchQuery>;

/** One case found: its reference and who leads it, never the young person's data. */
export const caseSearchHit = z
  .object({ caseId: z.string(), leadOrganisationId: z.string(), registeredAt: z.string().datetime() })
  .strict();
export type CaseSearchHit = z.infer<typeof caseSearchHit>;

/** The caller's organisation's cases whose reference starts with the prefix, newest first, at most 50. */
export const caseSearchResponse = z.object({ cases: z.array(caseSearchHit) }).strict();
export type CaseSearchResponse = z.infer<typeof caseSearchResponse>;
