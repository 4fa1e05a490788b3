import type { ZodTypeAny } from 'zod';
import { eventSchemas } from './event-registry';
import { structuredEventTypes } from './structured-event-types';

interface Def {
  typeName: string;
  checks?: { kind: string; value?: number }[];
  innerType?: ZodTypeAny;
  schema?: ZodTypeAny;
  type?: ZodTypeAny;
  options?: ZodTypeAny[] | Map<unknown, ZodTypeAny>;
  shape?: () => Record<string, ZodTypeAny>;
}

/** Ids are bounded short strings; a string that may be longer and has no fixed form is free text. */
const ID_MAX = 128;

/** Ids are named so (`caseId`, `subjectId`, …) and filled by the system, never typed by a person. */
const isIdField = (path: string) => /(^|\.)([a-zA-Z]*Id|id)$/.test(path);

/** Paths of string fields a person could fill with their own words. */
function freeTextFields(schema: ZodTypeAny, path = 'data'): string[] {
  const def = schema._def as Def;
  switch (def.typeName) {
    case 'ZodString': {
      const checks = def.checks ?? [];
      const shaped = checks.some((c) => ['regex', 'datetime', 'uuid', 'date', 'email', 'url'].includes(c.kind));
      const max = checks.find((c) => c.kind === 'max')?.value;
      return shaped || isIdField(path) || (max !== undefined && max <= ID_MAX) ? [] : [path];
    }
    case 'ZodObject': {
      const shape = def.shape!();
      // A sealed value is ciphertext under a data subject's key: whatever it holds is protected.
      if (shape['$sealed']) return [];
      return Object.entries(shape).flatMap(([k, v]) => freeTextFields(v, `${path}.${k}`));
    }
    case 'ZodOptional':
    case 'ZodNullable':
    case 'ZodDefault':
      return freeTextFields(def.innerType!, path);
    case 'ZodEffects':
      return freeTextFields(def.schema!, path);
    case 'ZodArray':
      return freeTextFields(def.type!, `${path}[]`);
    case 'ZodUnion':
    case 'ZodDiscriminatedUnion':
      return [...(def.options instanceof Map ? def.options.values() : def.options!)].flatMap((o) =>
        freeTextFields(o, path),
      );
    default:
      return [];
  }
}

describe('structuredEventTypes', () => {
  it('lists only registered event types', () => {
    expect([...structuredEventTypes].filter((t) => !(t in eventSchemas))).toEqual([]);
  });

  it('lists no type with a free-text field (those must travel encrypted)', () => {
    const offending = [...structuredEventTypes]
      .map((t) => ({ type: t, fields: freeTextFields(eventSchemas[t]!.schema) }))
      .filter((x) => x.fields.length > 0);
    expect(offending).toEqual([]);
  });

  it('recognises the free text it is meant to keep off the broker', () => {
    expect(freeTextFields(eventSchemas['CrisisCancelled']!.schema)).toEqual(['data.reason']);
    expect(freeTextFields(eventSchemas['BreakGlassAccess']!.schema)).toContain('data.reason');
    expect(freeTextFields(eventSchemas['HelpEnded']!.schema)).toEqual(['data.note']);
    expect(freeTextFields(eventSchemas['CaseRegistered']!.schema)).toEqual([]);
  });
});
