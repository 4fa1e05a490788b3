import type { ZodTypeAny } from 'zod';
import { DomainRuleViolation } from '@hilfenetz/domain';

/**
 * Refuses a step whose events the event store would refuse by their schema, before the workflow
 * applies it. A workflow applies a step to its state and then writes it: a write the store refuses
 * for good left the workflow ahead of its log, answering with a meeting time that was never
 * recorded (Hilfeplanung, an offset instant; issue 20). Called from Update validators, where a
 * refusal leaves no trace in the history, so replays are untouched.
 */
export function assertRecordable(
  events: readonly { type: string; data: unknown }[],
  schemas: Readonly<Record<string, { schema: ZodTypeAny }>>,
  code: string,
): void {
  for (const e of events) {
    const parsed = schemas[e.type]?.schema.safeParse(e.data);
    if (parsed && !parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DomainRuleViolation(
        code,
        `${e.type} cannot be recorded: ${issue?.path.join('.') || 'data'} ${issue?.message ?? 'is invalid'}`,
      );
    }
  }
}
