import { z } from 'zod';
import { consultationAddresseeSchema } from '../events/network-consultation.events';

/*
 * Anonymous case consultations (issue 17 part 5, docs/adr/0039). The server refuses identifying
 * data in every text (400 naming the field and, in German, what looks identifying).
 */

export const askConsultationRequest = z
  .object({
    addressedTo: consultationAddresseeSchema,
    /** A short heading, e.g. "Säugling, Mutter psychisch belastet". */
    topic: z.string().trim().min(3).max(120),
    /** The case described anonymously: no name, date, address, phone, case reference. */
    question: z.string().trim().min(10).max(3000),
  })
  .strict();
export type AskConsultationRequest = z.infer<typeof askConsultationRequest>;

export const answerConsultationRequest = z.object({ answer: z.string().trim().min(3).max(3000) }).strict();
export type AnswerConsultationRequest = z.infer<typeof answerConsultationRequest>;

export const markCaseExampleRequest = z.object({ caseExample: z.boolean() }).strict();
export type MarkCaseExampleRequest = z.infer<typeof markCaseExampleRequest>;

const actorView = z.object({ role: z.string(), organisationId: z.string() }).strict();

export const consultationView = z
  .object({
    consultationId: z.string(),
    networkId: z.string(),
    addressedTo: consultationAddresseeSchema,
    topic: z.string(),
    question: z.string(),
    askedBy: actorView,
    askedAt: z.string().datetime(),
    answers: z.array(
      z.object({ answerId: z.string(), answer: z.string(), answeredBy: actorView, answeredAt: z.string() }).strict(),
    ),
    caseExample: z.boolean(),
    /** What the caller may do: answer, and (coordinating office) mark as case example. */
    callerMay: z.object({ answer: z.boolean(), markCaseExample: z.boolean() }).strict(),
  })
  .strict();
export type ConsultationView = z.infer<typeof consultationView>;

export const consultationList = z.object({ consultations: z.array(consultationView) }).strict();
export type ConsultationList = z.infer<typeof consultationList>;

export const consultationCreated = z.object({ consultationId: z.string() }).strict();
export const consultationAnswerCreated = z.object({ answerId: z.string() }).strict();
