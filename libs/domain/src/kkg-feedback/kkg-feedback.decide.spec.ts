import { kkgFeedbackEventSchemas, type KkgFeedbackEvent, type SealedValue } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import type { KkgFeedbackCommand } from './kkg-feedback.commands';
import { decideKkgFeedback } from './kkg-feedback.decide';
import { evolveKkgFeedback, kkgFeedbackLiveState } from './kkg-feedback.evolve';
import { defaultKkgFeedbackRules as rules } from './kkg-feedback.rules';
import { initialKkgFeedbackState, type KkgFeedbackState } from './kkg-feedback.state';

const sealed: SealedValue = { $sealed: 'A256GCM', subjectId: 'subj-1', iv: 'aXY=', tag: 'dGFn', ct: 'Y3Q=' };
const T0 = '2026-12-01T08:00:00.000Z';
const receive: KkgFeedbackCommand = {
  type: 'ReceiveKkgReport',
  reportId: 'kkg-report-1',
  caseId: 'jugendamt-lindenau.FALL-1',
  reporter: { organisationId: 'org-kjp-st-marien', profession: 'clinic' },
  channel: 'app',
  concern: sealed,
  leadOrganisationId: 'org-jugendamt-lindenau',
  rules,
  by: 'u-klinik',
  now: T0,
};
const passed = (now: string): KkgFeedbackCommand => ({ type: 'FeedbackDeadlinePassed', rules, now });
const give: KkgFeedbackCommand = { type: 'GiveKkgFeedback', riskConfirmed: true, acting: true, by: 'u-ja', now: T0 };

function run(...commands: KkgFeedbackCommand[]): { state: KkgFeedbackState; events: KkgFeedbackEvent[] } {
  let state = initialKkgFeedbackState;
  const events: KkgFeedbackEvent[] = [];
  for (const c of commands) {
    const out = decideKkgFeedback(c, state);
    events.push(...out);
    state = out.reduce(evolveKkgFeedback, state);
  }
  return { state, events };
}

describe('§4 KKG feedback: decide/evolve', () => {
  it('owes the feedback within the agreement’s days; reminded once, then the Leitung; every event fits its schema', () => {
    const { events, state } = run(
      receive,
      passed('2026-12-15T08:00:00.000Z'),
      passed('2026-12-18T08:00:00.000Z'),
      passed('2026-12-20T08:00:00.000Z'),
    );
    expect(events.map((e) => e.type)).toEqual([
      'KkgReportReceived',
      'KkgFeedbackReminderSent',
      'KkgFeedbackOverdueEscalated',
    ]);
    expect(events[0]!.data).toMatchObject({ feedbackDueAt: '2026-12-15T08:00:00.000Z' });
    expect(events[2]!.data).toMatchObject({ organisationId: 'org-jugendamt-lindenau', escalatedTo: 'supervisor' });
    expect(state.status).toBe('escalated');
    for (const e of events) expect(() => kkgFeedbackEventSchemas[e.type].schema.parse(e.data)).not.toThrow();
  });

  it('the feedback is two answers, once; a timer after it does nothing', () => {
    const { state, events } = run(receive, give, passed('2026-12-15T08:00:00.000Z'));
    expect(events.map((e) => e.type)).toEqual(['KkgReportReceived', 'KkgFeedbackGiven']);
    expect(Object.keys(events[1]!.data).sort()).toEqual(
      ['acting', 'caseId', 'givenAt', 'givenBy', 'reportId', 'reporterOrganisationId', 'riskConfirmed'].sort(),
    );
    expect(kkgFeedbackLiveState(state)).toMatchObject({
      status: 'given',
      feedback: { riskConfirmed: true, acting: true },
    });
    expect(() => decideKkgFeedback(give, state)).toThrow(DomainRuleViolation);
  });
});
