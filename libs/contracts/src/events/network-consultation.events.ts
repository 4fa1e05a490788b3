import { z } from 'zod';
import { networkIdSchema, organisationIdSchema } from './network.events';
import { sealedValueSchema } from './sealed-value';

/*
 * Anonymous case consultations in a network (issue 17 part 5, docs/adr/0039): a partner asks the
 * network or a named specialist (e.g. the insoweit erfahrene Fachkraft, §8a/§8b SGB VIII, §4 KKG)
 * for advice on a case described without identifying data. The texts passed the identifying-data
 * check (libs/domain `anonymity`) and are sealed besides, under a key of the consultation's own
 * (owner `consultation-<id>`): free text about a real family stays out of the log in clear.
 * Stream `network-consultations-<networkId>`.
 */

export const consultationIdSchema = z.string().regex(/^nc-[0-9a-f-]{36}$/, 'must be a consultation id (nc-…)');

/** What kind of specialist is asked; the insoweit erfahrene Fachkraft first, as the seeds name her. */
export const consultationSpecialties = [
  'insoweit_erfahrene_fachkraft',
  'kinder_jugendpsychiatrie',
  'psychotherapie',
  'hebamme',
  'paediatrie',
  'sonstige',
] as const;
export type ConsultationSpecialty = (typeof consultationSpecialties)[number];

/** The whole network (the coordinating office and every partner), or one specialist organisation. */
export const consultationAddresseeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('network') }).strict(),
  z
    .object({
      kind: z.literal('specialist'),
      organisationId: organisationIdSchema,
      specialty: z.enum(consultationSpecialties),
    })
    .strict(),
]);
export type ConsultationAddressee = z.infer<typeof consultationAddresseeSchema>;

/** Who acted, pseudonymously: ids and a role, never a name. */
const actorRef = z
  .object({ id: z.string().min(1).max(200), role: z.string().min(1).max(60), organisationId: organisationIdSchema })
  .strict();

export const networkConsultationRequestedV1 = z
  .object({
    networkId: networkIdSchema,
    consultationId: consultationIdSchema,
    /** The consultation's own data-subject key: topic, question and answers are sealed under it. */
    subjectId: z.string().min(1),
    addressedTo: consultationAddresseeSchema,
    /** `{ topic, question }`, sealed. */
    text: sealedValueSchema,
    askedBy: actorRef,
    askedAt: z.string().datetime(),
  })
  .strict();
export type NetworkConsultationRequestedData = z.infer<typeof networkConsultationRequestedV1>;

export const networkConsultationAnsweredV1 = z
  .object({
    networkId: networkIdSchema,
    consultationId: consultationIdSchema,
    answerId: z.string().regex(/^nca-[0-9a-f-]{36}$/),
    /** `{ answer }`, sealed under the consultation's key. */
    text: sealedValueSchema,
    answeredBy: actorRef,
    answeredAt: z.string().datetime(),
  })
  .strict();
export type NetworkConsultationAnsweredData = z.infer<typeof networkConsultationAnsweredV1>;

/**
 * The coordinating office marks a consultation as a case example for a meeting (or takes the
 * mark back). The meetings read `network_consultations.case_example`.
 */
export const networkConsultationCaseExampleMarkedV1 = z
  .object({
    networkId: networkIdSchema,
    consultationId: consultationIdSchema,
    caseExample: z.boolean(),
    markedBy: actorRef,
    markedAt: z.string().datetime(),
  })
  .strict();
export type NetworkConsultationCaseExampleMarkedData = z.infer<typeof networkConsultationCaseExampleMarkedV1>;

export const networkConsultationEventSchemas = {
  NetworkConsultationRequested: { schemaVersion: 1, schema: networkConsultationRequestedV1 },
  NetworkConsultationAnswered: { schemaVersion: 1, schema: networkConsultationAnsweredV1 },
  NetworkConsultationCaseExampleMarked: { schemaVersion: 1, schema: networkConsultationCaseExampleMarkedV1 },
} as const;

export const networkConsultationsStreamId = (networkId: string) => `network-consultations-${networkId}`;
