import { z } from 'zod';
import { agreementIdSchema, agreementVersionSchema, cooperationAgreementSchema } from '../api/agreement.dto';

/** An administrator published a new cooperation agreement version (stream `agreement-<agreementId>`). */
export const agreementVersionPublishedV1 = z
  .object({
    agreementId: agreementIdSchema,
    version: agreementVersionSchema,
    agreement: cooperationAgreementSchema,
    publishedAt: z.string().datetime(),
  })
  .strict();
export type AgreementVersionPublishedData = z.infer<typeof agreementVersionPublishedV1>;

export const agreementEventSchemas = {
  AgreementVersionPublished: { schemaVersion: 1, schema: agreementVersionPublishedV1 },
} as const;

export const agreementStreamId = (agreementId: string) => `agreement-${agreementId}`;
