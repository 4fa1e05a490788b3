import { eventSchemas } from './event-registry';
import { eventUpcasters, freeTextFields } from './free-text-upcasters';

const sealed = { $sealed: 'A256GCM', subjectId: 'subj-1', iv: 'aXY=', tag: 'dGFn', ct: 'Y3Q=' } as const;

describe('free text in events (docs/adr/0018)', () => {
  it('every free-text type but BreakGlassAccess is sealed from its current version and refuses clear text', () => {
    for (const [type, { field, sealedFrom }] of Object.entries(freeTextFields)) {
      if (type === 'BreakGlassAccess') continue;
      expect(eventSchemas[type]!.schemaVersion).toBe(sealedFrom);
      const shape = (
        eventSchemas[type]!.schema as unknown as {
          shape: Record<string, { safeParse: (v: unknown) => { success: boolean } }>;
        }
      ).shape;
      expect(shape[field]!.safeParse('Klartext').success).toBe(false);
      expect(shape[field]!.safeParse(sealed).success).toBe(true);
      expect(shape[field]!.safeParse({ $erased: true, subjectId: 'subj-1' }).success).toBe(true);
      // What only the upcaster produces is not accepted for a new event.
      expect(shape[field]!.safeParse({ $clear: 'v1', text: 'Klartext' }).success).toBe(false);
    }
  });

  it('lifts version 1 clear text into a legacy wrapper the readers mask after erasure', () => {
    expect(eventUpcasters.TaskDeclined![1]!({ crisisId: 'k', reason: 'Kein Platz' })).toEqual({
      crisisId: 'k',
      reason: { $clear: 'v1', text: 'Kein Platz' },
    });
    expect(eventUpcasters.HelpEnded![1]!({ reason: 'other', note: 'Umzug' })).toEqual({
      reason: 'other',
      note: { $clear: 'v1', text: 'Umzug' },
    });
    // An optional field that was never given stays absent.
    expect(eventUpcasters.InvitationAnswered![1]!({ answer: 'confirmed' })).toEqual({ answer: 'confirmed' });
  });
});
