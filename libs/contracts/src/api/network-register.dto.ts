import { z } from 'zod';
import { weaknessKinds, weaknessStatuses } from '../events/quality-loop.events';
import { goalPlanStepSchema, goalStatuses, proposalTargets } from '../events/network-register.events';

/*
 * The network's register of weaknesses and its annual goals (issue 17 part 7, docs/adr/0039).
 * Every register text passes the identifying-data check (400 naming the field).
 */

export const recordNetworkWeaknessRequest = z
  .object({
    kind: z.enum(weaknessKinds).default('weakness'),
    what: z.string().trim().min(3).max(300),
    where: z.string().trim().min(3).max(120),
    example: z.string().trim().min(3).max(500),
  })
  .strict();
export type RecordNetworkWeaknessRequest = z.input<typeof recordNetworkWeaknessRequest>;

export const groupNetworkWeaknessesRequest = z
  .object({
    weaknessIds: z
      .array(z.string().regex(/^w-[0-9a-f-]{36}$/, 'must be a weakness id'))
      .min(1)
      .max(50),
    group: z.string().trim().min(3).max(120),
  })
  .strict();
export type GroupNetworkWeaknessesRequest = z.infer<typeof groupNetworkWeaknessesRequest>;

export const proposeNetworkWeaknessRequest = z
  .object({ target: z.enum(proposalTargets), proposal: z.string().trim().min(3).max(1000) })
  .strict();
export type ProposeNetworkWeaknessRequest = z.infer<typeof proposeNetworkWeaknessRequest>;

export const changeNetworkWeaknessStatusRequest = z.object({ status: z.enum(weaknessStatuses) }).strict();

const actorView = z.object({ role: z.string(), organisationId: z.string() }).strict();

export const networkWeaknessEntry = z
  .object({
    weaknessId: z.string(),
    networkId: z.string(),
    kind: z.enum(weaknessKinds),
    what: z.string(),
    where: z.string(),
    example: z.string(),
    group: z.string().nullable(),
    proposal: z
      .object({ target: z.enum(proposalTargets), text: z.string() })
      .strict()
      .nullable(),
    status: z.enum(weaknessStatuses),
    recordedBy: actorView,
    recordedAt: z.string(),
    statusChangedBy: actorView,
    statusChangedAt: z.string(),
    history: z.array(
      z.object({ status: z.enum(weaknessStatuses), changedBy: actorView, changedAt: z.string() }).strict(),
    ),
  })
  .strict();
export type NetworkWeaknessEntry = z.infer<typeof networkWeaknessEntry>;

export const networkWeaknessRegister = z
  .object({ networkId: z.string(), entries: z.array(networkWeaknessEntry), callerIsCoordinator: z.boolean() })
  .strict();
export type NetworkWeaknessRegister = z.infer<typeof networkWeaknessRegister>;

export const setAnnualGoalRequest = z
  .object({
    year: z.number().int().min(2000).max(2100),
    title: z.string().trim().min(3).max(200),
    plan: z.array(goalPlanStepSchema).min(1).max(20),
  })
  .strict();
export type SetAnnualGoalRequest = z.infer<typeof setAnnualGoalRequest>;

export const changeGoalStatusRequest = z.object({ status: z.enum(goalStatuses) }).strict();

export const annualGoalView = z
  .object({
    goalId: z.string(),
    year: z.number(),
    title: z.string(),
    plan: z.array(goalPlanStepSchema),
    status: z.enum(goalStatuses),
    statusChangedAt: z.string(),
    history: z.array(z.object({ status: z.enum(goalStatuses), changedBy: actorView, changedAt: z.string() }).strict()),
  })
  .strict();
export type AnnualGoalView = z.infer<typeof annualGoalView>;

export const annualGoalList = z.object({ goals: z.array(annualGoalView) }).strict();
export type AnnualGoalList = z.infer<typeof annualGoalList>;

export const annualReportQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) }).strict();

export const createdWeakness = z.object({ weaknessId: z.string() }).strict();
export const createdGoal = z.object({ goalId: z.string() }).strict();
