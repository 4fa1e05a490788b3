import { z } from 'zod';
import { agreementIdSchema, agreementVersionSchema, cooperationAgreementSchema } from '../api/agreement.dto';

/**
 * An administrator proposed a new cooperation agreement version (stream `agreement-<agreementId>`).
 * The name is from when publishing put a version in force; since docs/adr/0015 it is a proposal
 * until every organisation it names signed (AgreementVersionSigned).
 */
export const agreementVersionPublishedV1 = z
  .object({
    agreementId: agreementIdSchema,
    version: agreementVersionSchema,
    agreement: cooperationAgreementSchema,
    publishedAt: z.string().datetime(),
  })
  .strict();
export type AgreementVersionPublishedData = z.infer<typeof agreementVersionPublishedV1>;

/** An organisation's administrator signed a version (who: the event's actor; when: `signedAt`). */
export const agreementVersionSignedV1 = z
  .object({
    agreementId: agreementIdSchema,
    version: agreementVersionSchema,
    organisationId: z.string().min(1).max(100),
    signedAt: z.string().datetime(),
  })
  .strict();
export type AgreementVersionSignedData = z.infer<typeof agreementVersionSignedV1>;

/** An organisation's administrator withdrew its signature: the version governs no new crisis from then. */
export const agreementSignatureWithdrawnV1 = z
  .object({
    agreementId: agreementIdSchema,
    version: agreementVersionSchema,
    organisationId: z.string().min(1).max(100),
    withdrawnAt: z.string().datetime(),
  })
  .strict();
export type AgreementSignatureWithdrawnData = z.infer<typeof agreementSignatureWithdrawnV1>;

export const agreementEventSchemas = {
  AgreementVersionPublished: { schemaVersion: 1, schema: agreementVersionPublishedV1 },
  AgreementVersionSigned: { schemaVersion: 1, schema: agreementVersionSignedV1 },
  AgreementSignatureWithdrawn: { schemaVersion: 1, schema: agreementSignatureWithdrawnV1 },
} as const;

export const agreementStreamId = (agreementId: string) => `agreement-${agreementId}`;
