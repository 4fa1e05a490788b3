import type { Actor, CrisisEvent } from '@hilfenetz/contracts';
import { DomainRuleViolation } from '../domain-error';
import { lindenauAgreementV1 as agreement } from '../agreement/lindenau.agreement';
import { agreementForCase } from '../agreement/case-routing';
import { withSecondTraeger } from '../agreement/second-traeger.fixture';
import { declineReasonCategoriesOf, defaultDeclineReasonCategories } from './decline-reason-categories';
import type { CrisisCommand } from './crisis.commands';
import { decideCrisis } from './crisis.decide';
import { evolveCrisis } from './crisis.evolve';
import { initialCrisisState, type CrisisState } from './crisis.state';
import { crisisLiveState } from './crisis.view';
import type { SealedValue } from '@hilfenetz/contracts';

/** Free text as the API hands it on: sealed (docs/adr/0018); a stand-in ciphertext here. */
const sealedText = (label: string): SealedValue => ({
  $sealed: 'A256GCM',
  subjectId: 'subj-test',
  iv: 'aXY=',
  tag: 'dGFn',
  ct: Buffer.from(label).toString('base64'),
});

// Wednesday 25 Nov 2026, 10:00 local: the ASD is in the office.
const IN_OFFICE = '2026-11-25T09:00:00.000Z';
// The same night, 03:12 local: the Bereitschaftsdienst takes the youth office's task.
const AT_NIGHT = '2026-11-25T02:12:00.000Z';

const at = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * 60_000).toISOString();

const actors = {
  caseworker: { id: 'u-ja-0001', role: 'caseworker', organisationId: 'org-jugendamt-lindenau' },
  onCall: { id: 'u-ja-0002', role: 'on_call', organisationId: 'org-jugendamt-lindenau' },
  clinic: { id: 'u-kjp-0001', role: 'clinic_staff', organisationId: 'org-kjp-st-marien' },
  otherClinic: { id: 'u-kjp-0101', role: 'clinic_staff', organisationId: 'org-kjp-nordklinik' },
  provider: { id: 'u-tr-0001', role: 'provider_staff', organisationId: 'org-traeger-birkenhof' },
  dispatch: { id: 'u-ls-0001', role: 'ambulance_dispatch', organisationId: 'org-leitstelle-lindenau' },
} satisfies Record<string, Actor>;

const trigger = (now = IN_OFFICE): CrisisCommand => ({
  type: 'TriggerCrisis',
  crisisId: 'crisis-1',
  caseId: 'FALL-2026-0042',
  dangerKind: 'self',
  urgency: 'immediate',
  now,
});
const notifyAll = (now: string): CrisisCommand[] =>
  (['ambulance', 'clinic', 'youth_office', 'provider', 'guardian'] as const).map((party) => ({
    type: 'NotifyParty',
    party,
    now,
  }));

/** Given these commands happened (each decided and applied in turn)… */
function given(commands: CrisisCommand[]): CrisisState {
  return commands.reduce((s, c) => decideCrisis(c, s, agreement).reduce(evolveCrisis, s), initialCrisisState);
}
/** …when this command arrives, then these events are recorded. */
const when = (state: CrisisState, command: CrisisCommand): CrisisEvent[] => decideCrisis(command, state, agreement);
const types = (events: CrisisEvent[]) => events.map((e) => e.type);

describe('crisis decide/evolve', () => {
  describe('trigger and notification', () => {
    it('records the danger, the urgency, the time and the agreement version it runs under', () => {
      expect(when(initialCrisisState, trigger())).toEqual([
        {
          type: 'CrisisTriggered',
          data: {
            crisisId: 'crisis-1',
            caseId: 'FALL-2026-0042',
            dangerKind: 'self',
            urgency: 'immediate',
            triggeredAt: IN_OFFICE,
            agreement: { agreementId: 'lindenau-krisenkooperation', version: '2026-1' },
          },
        },
      ]);
    });

    it('a crisis cannot be triggered twice', () => {
      expect(() => when(given([trigger()]), trigger())).toThrow(DomainRuleViolation);
    });

    it('gives each of the five parties a task with the deadline of the agreement', () => {
      const state = given([trigger(), ...notifyAll(IN_OFFICE)]);
      const tasks = crisisLiveState(state, { crisisId: 'crisis-1', caseId: 'FALL-2026-0042' }).tasks;
      expect(tasks.map((t) => [t.party, t.organisationId, t.contactId, t.deadline])).toEqual([
        ['ambulance', 'org-leitstelle-lindenau', 'ct-ls-disposition', at(IN_OFFICE, 5)],
        ['clinic', 'org-kjp-st-marien', 'ct-kjp-marien-aufnahme', at(IN_OFFICE, 15)],
        ['youth_office', 'org-jugendamt-lindenau', 'ct-ja-asd-fallfuehrung', at(IN_OFFICE, 30)],
        ['provider', 'org-traeger-birkenhof', 'ct-tr-birkenhof-gruppe', at(IN_OFFICE, 30)],
        ['guardian', 'org-jugendamt-lindenau', 'ct-sorge-kontakt-1', at(IN_OFFICE, 60)],
      ]);
      expect(tasks.every((t) => t.status === 'open' && t.nextEscalationDue === t.deadline)).toBe(true);
    });

    it('outside office hours the youth office task goes to the Bereitschaftsdienst, with its deadline', () => {
      const state = given([trigger(AT_NIGHT), ...notifyAll(AT_NIGHT)]);
      expect(state.tasks['task-youth_office']).toMatchObject({
        route: 'outside_office_hours',
        contactId: 'ct-ja-bereitschaft',
        deadline: at(AT_NIGHT, 20),
      });
    });

    it('notifying a party twice records nothing the second time', () => {
      const state = given([trigger(), ...notifyAll(IN_OFFICE)]);
      expect(when(state, { type: 'NotifyParty', party: 'clinic', now: at(IN_OFFICE, 1) })).toEqual([]);
    });
  });

  describe('acknowledgement', () => {
    const notified = () => given([trigger(), ...notifyAll(IN_OFFICE)]);
    const ack = (taskId: string, actor: Actor, minutes = 3): CrisisCommand => ({
      type: 'AcknowledgeTask',
      taskId,
      actor,
      now: at(IN_OFFICE, minutes),
    });

    it('the clinic acknowledges its task: who and when are recorded, nothing escalates any more', () => {
      const state = notified();
      const events = when(state, ack('task-clinic', actors.clinic));
      expect(events).toEqual([
        {
          type: 'TaskAcknowledged',
          data: {
            crisisId: 'crisis-1',
            taskId: 'task-clinic',
            party: 'clinic',
            acknowledgedBy: actors.clinic,
            acknowledgedAt: at(IN_OFFICE, 3),
          },
        },
      ]);
      const after = events.reduce(evolveCrisis, state);
      expect(after.tasks['task-clinic']).toMatchObject({ status: 'acknowledged', deadline: null });
      expect(
        when(after, {
          type: 'EscalateOverdueTask',
          taskId: 'task-clinic',
          deadline: at(IN_OFFICE, 15),
          now: at(IN_OFFICE, 15),
        }),
      ).toEqual([]);
    });

    it('an acknowledgement done offline records the device time beside the time it arrived', () => {
      const actedOnDevice = { at: at(IN_OFFICE, 1), bounded: false };
      const events = when(notified(), {
        type: 'AcknowledgeTask',
        taskId: 'task-clinic',
        actor: actors.clinic,
        now: at(IN_OFFICE, 3),
        actedOnDevice,
      });
      expect(events).toMatchObject([
        { type: 'TaskAcknowledged', data: { acknowledgedAt: at(IN_OFFICE, 3), actedOnDevice } },
      ]);
    });

    it('a decline done offline records the device time beside the time it arrived', () => {
      const actedOnDevice = { at: at(IN_OFFICE, 2), bounded: true };
      const events = when(notified(), {
        type: 'DeclineTask',
        taskId: 'task-clinic',
        actor: actors.clinic,
        reason: sealedText('Keine Betten frei'),
        now: at(IN_OFFICE, 3),
        actedOnDevice,
      });
      expect(events[0]).toMatchObject({ type: 'TaskDeclined', data: { declinedAt: at(IN_OFFICE, 3), actedOnDevice } });
    });

    it('a decline with a category of the agreement records the category in clear beside the sealed reason', () => {
      const events = when(notified(), {
        type: 'DeclineTask',
        taskId: 'task-clinic',
        actor: actors.clinic,
        reason: sealedText('Keine Betten frei'),
        reasonCategory: 'no_capacity',
        now: at(IN_OFFICE, 3),
      });
      expect(events[0]).toMatchObject({ type: 'TaskDeclined', data: { reasonCategory: 'no_capacity' } });
    });

    it('a decline without a category records none (as every decline before categories)', () => {
      const events = when(notified(), {
        type: 'DeclineTask',
        taskId: 'task-clinic',
        actor: actors.clinic,
        reason: sealedText('Keine Betten frei'),
        now: at(IN_OFFICE, 3),
      });
      expect(events[0]!.data).not.toHaveProperty('reasonCategory');
    });

    it('a category the agreement does not name is refused, nothing decided', () => {
      expect(() =>
        when(notified(), {
          type: 'DeclineTask',
          taskId: 'task-clinic',
          actor: actors.clinic,
          reason: sealedText('Keine Betten frei'),
          reasonCategory: 'funkloch',
          now: at(IN_OFFICE, 3),
        }),
      ).toThrow(expect.objectContaining({ code: 'task.unknown_reason_category' }));
    });

    it('an agreement naming its own decline categories is the list a decline chooses from', () => {
      const own = { ...agreement, declineReasonCategories: [{ id: 'funkloch', label: 'Funkloch' }] };
      expect(declineReasonCategoriesOf(own)).toEqual([{ id: 'funkloch', label: 'Funkloch' }]);
      expect(declineReasonCategoriesOf(agreement)).toBe(defaultDeclineReasonCategories);
      const events = decideCrisis(
        {
          type: 'DeclineTask',
          taskId: 'task-clinic',
          actor: actors.clinic,
          reason: sealedText('Keine Betten frei'),
          reasonCategory: 'funkloch',
          now: at(IN_OFFICE, 3),
        },
        notified(),
        own,
      );
      expect(events[0]).toMatchObject({ type: 'TaskDeclined', data: { reasonCategory: 'funkloch' } });
    });

    it('a repeated acknowledgement by the same organisation records nothing new', () => {
      const state = given([trigger(), ...notifyAll(IN_OFFICE), ack('task-clinic', actors.clinic)]);
      expect(when(state, ack('task-clinic', { ...actors.clinic, id: 'u-kjp-0002' }, 4))).toEqual([]);
    });

    it('another organisation may not acknowledge the clinic task', () => {
      expect(() => when(notified(), ack('task-clinic', actors.otherClinic))).toThrow(
        expect.objectContaining({ code: 'task.wrong_organisation' }),
      );
    });

    it('the right organisation in a role that does not act for the party may not either', () => {
      expect(() => when(notified(), ack('task-provider', { ...actors.provider, role: 'auditor' }))).toThrow(
        expect.objectContaining({ code: 'task.not_permitted' }),
      );
    });

    it('the ASD records that the guardian was reached', () => {
      expect(types(when(notified(), ack('task-guardian', actors.caseworker)))).toEqual(['TaskAcknowledged']);
    });

    it('an unknown task is refused', () => {
      expect(() => when(notified(), ack('task-weather', actors.clinic))).toThrow(
        expect.objectContaining({ code: 'task.unknown' }),
      );
    });
  });

  describe('ambulance dispatch', () => {
    const report = (ref: string, eta?: string, actor: Actor = actors.dispatch): CrisisCommand => ({
      type: 'ReportAmbulanceDispatch',
      dispatchReference: ref,
      ...(eta ? { expectedArrivalAt: eta } : {}),
      actor,
      now: at(IN_OFFICE, 2),
    });

    it('the Leitstelle reports the operation number: that acknowledges its task', () => {
      const state = given([trigger(), ...notifyAll(IN_OFFICE)]);
      const events = when(state, report('E-2026-113847'));
      expect(types(events)).toEqual(['TaskAcknowledged', 'AmbulanceDispatchReported']);
      const after = events.reduce(evolveCrisis, state);
      expect(after.ambulance).toEqual({
        dispatchReference: 'E-2026-113847',
        expectedArrivalAt: null,
        reportedAt: at(IN_OFFICE, 2),
      });
      expect(after.tasks['task-ambulance']!.status).toBe('acknowledged');
    });

    it('a later ETA is a new report; the same report again records nothing', () => {
      const state = given([trigger(), ...notifyAll(IN_OFFICE), report('E-2026-113847')]);
      expect(types(when(state, report('E-2026-113847', at(IN_OFFICE, 14))))).toEqual(['AmbulanceDispatchReported']);
      expect(when(state, report('E-2026-113847'))).toEqual([]);
    });

    it('only the Leitstelle reports the dispatch', () => {
      const state = given([trigger(), ...notifyAll(IN_OFFICE)]);
      expect(() => when(state, report('E-1', undefined, actors.provider))).toThrow(
        expect.objectContaining({ code: 'task.wrong_organisation' }),
      );
    });
  });

  describe('escalation along the chain', () => {
    const overdue = (state: CrisisState, taskId: string): CrisisCommand => {
      const deadline = state.tasks[taskId]!.deadline!;
      return { type: 'EscalateOverdueTask', taskId, deadline, now: deadline };
    };
    const run = (state: CrisisState, taskId: string, times: number) => {
      const seen: CrisisEvent[] = [];
      for (let i = 0; i < times; i++) {
        const events = when(state, overdue(state, taskId));
        seen.push(...events);
        state = events.reduce(evolveCrisis, state);
      }
      return { state, seen };
    };

    it('clinic silent: Dienstarzt after 15 min, Nordklinik after 15 more, supervisor after 20 more', () => {
      const { state, seen } = run(given([trigger(), ...notifyAll(IN_OFFICE)]), 'task-clinic', 3);
      expect(seen.map((e) => [e.type, 'toContactId' in e.data ? e.data.toContactId : null, e.data])).toEqual([
        [
          'TaskEscalated',
          'ct-kjp-marien-dienstarzt',
          expect.objectContaining({
            cause: 'deadline_missed',
            missedDeadline: at(IN_OFFICE, 15),
            step: 0,
            kind: 'on_call',
            deadline: at(IN_OFFICE, 30),
          }),
        ],
        [
          'TaskEscalated',
          'ct-kjp-nord-aufnahme',
          expect.objectContaining({
            missedDeadline: at(IN_OFFICE, 30),
            toOrganisationId: 'org-kjp-nordklinik',
            deadline: at(IN_OFFICE, 50),
          }),
        ],
        [
          'SupervisorAlerted',
          null,
          expect.objectContaining({ missedDeadline: at(IN_OFFICE, 50), supervisorContactId: 'ct-ja-fachaufsicht' }),
        ],
      ]);
      expect(state.tasks['task-clinic']).toMatchObject({
        status: 'open',
        deadline: null,
        supervisorAlerted: true,
        escalations: 2,
      });
    });

    it('a timer for a deadline that has moved on decides nothing', () => {
      const state = given([trigger(), ...notifyAll(IN_OFFICE)]);
      expect(
        when(state, {
          type: 'EscalateOverdueTask',
          taskId: 'task-clinic',
          deadline: at(IN_OFFICE, 99),
          now: at(IN_OFFICE, 99),
        }),
      ).toEqual([]);
    });

    it('a late answer from an earlier contact of the chain is still taken', () => {
      const { state } = run(given([trigger(), ...notifyAll(IN_OFFICE)]), 'task-clinic', 2);
      expect(state.tasks['task-clinic']!.organisationId).toBe('org-kjp-nordklinik');
      expect(
        types(
          when(state, { type: 'AcknowledgeTask', taskId: 'task-clinic', actor: actors.clinic, now: at(IN_OFFICE, 40) }),
        ),
      ).toEqual(['TaskAcknowledged']);
    });

    it('the guardian who cannot be reached is documented with every attempt, and nobody is alerted', () => {
      const { state, seen } = run(given([trigger(), ...notifyAll(IN_OFFICE)]), 'task-guardian', 3);
      expect(types(seen)).toEqual(['TaskEscalated', 'TaskEscalated', 'GuardianUnreachable']);
      expect(seen[2]!.data).toEqual({
        crisisId: 'crisis-1',
        taskId: 'task-guardian',
        attempts: [
          { contactId: 'ct-sorge-kontakt-1', notifiedAt: IN_OFFICE },
          { contactId: 'ct-sorge-kontakt-2', notifiedAt: at(IN_OFFICE, 60) },
          { contactId: 'ct-sorge-kontakt-1', notifiedAt: at(IN_OFFICE, 120) },
        ],
        documentedAt: at(IN_OFFICE, 240),
      });
      expect(state.tasks['task-guardian']).toMatchObject({ status: 'unreachable', supervisorAlerted: false });
      // Reached after all: still recorded.
      expect(
        types(
          when(state, {
            type: 'AcknowledgeTask',
            taskId: 'task-guardian',
            actor: actors.caseworker,
            now: at(IN_OFFICE, 300),
          }),
        ),
      ).toEqual(['TaskAcknowledged']);
    });
  });

  describe('decline', () => {
    it('a declining clinic hands the task on, skipping its own other contacts, with a fresh deadline', () => {
      const state = given([trigger(), ...notifyAll(IN_OFFICE)]);
      const events = when(state, {
        type: 'DeclineTask',
        taskId: 'task-clinic',
        actor: actors.clinic,
        reason: sealedText('Keine Aufnahmekapazität'),
        now: at(IN_OFFICE, 4),
      });
      expect(events.map((e) => e.type)).toEqual(['TaskDeclined', 'TaskEscalated']);
      expect(events[1]!.data).toMatchObject({
        cause: 'declined',
        step: 1,
        fromContactId: 'ct-kjp-marien-aufnahme',
        toContactId: 'ct-kjp-nord-aufnahme',
        toOrganisationId: 'org-kjp-nordklinik',
        deadline: at(IN_OFFICE, 24),
      });
      const after = events.reduce(evolveCrisis, state);
      // St. Marien said no: it no longer acknowledges; the Nordklinik does.
      expect(() =>
        when(after, { type: 'AcknowledgeTask', taskId: 'task-clinic', actor: actors.clinic, now: at(IN_OFFICE, 5) }),
      ).toThrow(expect.objectContaining({ code: 'task.wrong_organisation' }));
      expect(
        types(
          when(after, {
            type: 'AcknowledgeTask',
            taskId: 'task-clinic',
            actor: actors.otherClinic,
            now: at(IN_OFFICE, 5),
          }),
        ),
      ).toEqual(['TaskAcknowledged']);
    });

    it('a decline with no other organisation left in the chain alerts the supervisor', () => {
      const state = given([trigger(), ...notifyAll(IN_OFFICE)]);
      const events = when(state, {
        type: 'DeclineTask',
        taskId: 'task-provider',
        actor: actors.provider,
        reason: sealedText('Platz wurde gekündigt'),
        now: at(IN_OFFICE, 2),
      });
      expect(types(events)).toEqual(['TaskDeclined', 'SupervisorAlerted']);
      expect(events[1]!.data).toMatchObject({ cause: 'declined', supervisorContactId: 'ct-ja-fachaufsicht' });
      expect(events.reduce(evolveCrisis, state).tasks['task-provider']).toMatchObject({
        supervisorAlerted: true,
        deadline: null,
      });
    });

    it('an acknowledged task cannot be declined', () => {
      const state = given([
        trigger(),
        ...notifyAll(IN_OFFICE),
        { type: 'AcknowledgeTask', taskId: 'task-clinic', actor: actors.clinic, now: at(IN_OFFICE, 1) },
      ]);
      expect(() =>
        when(state, {
          type: 'DeclineTask',
          taskId: 'task-clinic',
          actor: actors.clinic,
          reason: sealedText('doch nicht'),
          now: at(IN_OFFICE, 2),
        }),
      ).toThrow(expect.objectContaining({ code: 'task.not_open' }));
    });
  });

  describe('admission, stay and discharge', () => {
    const notified = () => given([trigger(), ...notifyAll(IN_OFFICE)]);
    const admit = (
      decision: 'admitted_voluntary' | 'admitted_deprivation_of_liberty',
      minutes = 40,
    ): CrisisCommand => ({
      type: 'DecideAdmission',
      decision,
      actor: actors.clinic,
      now: at(IN_OFFICE, minutes),
    });

    it('an admission decided offline records the device time beside the time it arrived', () => {
      const actedOnDevice = { at: at(IN_OFFICE, 35), bounded: false };
      const events = when(notified(), {
        type: 'DecideAdmission',
        decision: 'admitted_voluntary',
        actor: actors.clinic,
        now: at(IN_OFFICE, 40),
        actedOnDevice,
      });
      expect(events.find((e) => e.type === 'AdmissionDecided')).toMatchObject({
        data: { decidedAt: at(IN_OFFICE, 40), actedOnDevice },
      });
    });

    it('a voluntary admission acknowledges the clinic task if that had not happened yet', () => {
      const events = when(notified(), admit('admitted_voluntary'));
      expect(types(events)).toEqual(['TaskAcknowledged', 'AdmissionDecided']);
      expect(events.reduce(evolveCrisis, notified()).status).toBe('admitted');
    });

    it('admission with deprivation of liberty gives the youth office a family-court task with the statutory deadline', () => {
      const events = when(notified(), admit('admitted_deprivation_of_liberty'));
      expect(events[2]).toEqual({
        type: 'FamilyCourtDecisionRequired',
        data: {
          crisisId: 'crisis-1',
          taskId: 'task-family_court',
          ownerParty: 'youth_office',
          organisationId: 'org-jugendamt-lindenau',
          contactId: 'ct-ja-asd-fallfuehrung',
          legalBasis: '§ 1631b BGB, § 42 Abs. 5 SGB VIII',
          requiredAt: at(IN_OFFICE, 40),
          // Admitted Wednesday → ends at midnight between Thursday and Friday, local time.
          deadline: '2026-11-26T23:00:00.000Z',
        },
      });
    });

    it('not admitted needs an agreed follow-up and ends the crisis', () => {
      const state = notified();
      expect(() =>
        when(state, {
          type: 'DecideAdmission',
          decision: 'not_admitted',
          actor: actors.clinic,
          now: at(IN_OFFICE, 30),
        }),
      ).toThrow(expect.objectContaining({ code: 'admission.follow_up_required' }));
      const events = when(state, {
        type: 'DecideAdmission',
        decision: 'not_admitted',
        followUp: 'outpatient_appointment',
        actor: actors.clinic,
        now: at(IN_OFFICE, 30),
      });
      expect(events.reduce(evolveCrisis, state).status).toBe('not_admitted');
    });

    it('only the clinic holding the task decides on admission', () => {
      expect(() =>
        when(notified(), { ...admit('admitted_voluntary'), actor: actors.otherClinic } as CrisisCommand),
      ).toThrow(expect.objectContaining({ code: 'task.wrong_organisation' }));
      expect(() =>
        when(notified(), { ...admit('admitted_voluntary'), actor: actors.caseworker } as CrisisCommand),
      ).toThrow(expect.objectContaining({ code: 'task.wrong_organisation' }));
    });

    it('discharge records the plan and asks for the Hilfeplanung with everyone but the ambulance', () => {
      const state = given([trigger(), ...notifyAll(IN_OFFICE), admit('admitted_voluntary')]);
      const events = when(state, {
        type: 'AnnounceDischarge',
        plannedFor: '2026-12-09T09:00:00.000Z',
        actor: actors.clinic,
        now: '2026-12-07T14:00:00.000Z',
      });
      expect(types(events)).toEqual(['DischargeAnnounced', 'HilfeplanungRequested']);
      expect(events[1]!.data).toEqual({
        crisisId: 'crisis-1',
        caseId: 'FALL-2026-0042',
        participants: [
          { party: 'clinic', organisationId: 'org-kjp-st-marien' },
          { party: 'youth_office', organisationId: 'org-jugendamt-lindenau' },
          { party: 'provider', organisationId: 'org-traeger-birkenhof' },
          { party: 'guardian', organisationId: 'org-jugendamt-lindenau' },
        ],
        requestedAt: '2026-12-07T14:00:00.000Z',
      });
      const after = events.reduce(evolveCrisis, state);
      expect(after.status).toBe('discharged');
      // A closed crisis takes no more acknowledgements.
      expect(() =>
        when(after, {
          type: 'AcknowledgeTask',
          taskId: 'task-provider',
          actor: actors.provider,
          now: '2026-12-07T15:00:00.000Z',
        }),
      ).toThrow(expect.objectContaining({ code: 'crisis.not_open' }));
    });

    it('only the admitting clinic announces the discharge', () => {
      const state = given([trigger(), ...notifyAll(IN_OFFICE), admit('admitted_voluntary')]);
      expect(() =>
        when(state, { type: 'AnnounceDischarge', plannedFor: IN_OFFICE, actor: actors.otherClinic, now: IN_OFFICE }),
      ).toThrow(expect.objectContaining({ code: 'task.wrong_organisation' }));
    });

    it('discharge before an admission is refused', () => {
      expect(() =>
        when(notified(), { type: 'AnnounceDischarge', plannedFor: IN_OFFICE, actor: actors.clinic, now: IN_OFFICE }),
      ).toThrow(expect.objectContaining({ code: 'crisis.not_admitted' }));
    });
  });

  describe('cancel (false alarm)', () => {
    const cancel: CrisisCommand = {
      type: 'CancelCrisis',
      reason: sealedText('Fehlalarm: Jugendliche wohlauf angetroffen'),
      now: at(IN_OFFICE, 8),
    };

    it('keeps the reason; the tasks stop escalating; a cancelled crisis cannot be cancelled again', () => {
      const state = given([trigger(), ...notifyAll(IN_OFFICE), cancel]);
      expect(state).toMatchObject({
        status: 'cancelled',
        cancellation: { reason: cancel.type === 'CancelCrisis' ? cancel.reason : '' },
      });
      expect(
        crisisLiveState(state, { crisisId: 'crisis-1', caseId: 'FALL-2026-0042' }).tasks.every(
          (t) => t.nextEscalationDue === null,
        ),
      ).toBe(true);
      expect(() => when(state, cancel)).toThrow(/not open/);
    });

    it('a cancel done offline records the device time beside the time it arrived', () => {
      const actedOnDevice = { at: at(IN_OFFICE, 6), bounded: false };
      const events = when(given([trigger(), ...notifyAll(IN_OFFICE)]), { ...cancel, actedOnDevice } as CrisisCommand);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'CrisisCancelled',
          data: expect.objectContaining({ cancelledAt: at(IN_OFFICE, 8), actedOnDevice }),
        }),
      ]);
    });

    it('a crisis that was never triggered, or is already admitted, cannot be cancelled', () => {
      expect(() => when(initialCrisisState, cancel)).toThrow(DomainRuleViolation);
      const admitted = given([
        trigger(),
        ...notifyAll(IN_OFFICE),
        { type: 'DecideAdmission', decision: 'admitted_voluntary', actor: actors.clinic, now: at(IN_OFFICE, 5) },
      ]);
      expect(() => when(admitted, cancel)).toThrow(expect.objectContaining({ code: 'crisis.not_open' }));
    });
  });

  describe('provider routing by the case’s Träger', () => {
    const routed = agreementForCase(withSecondTraeger(), 'org-traeger-lindenhof');
    const run = (commands: CrisisCommand[], a = routed) =>
      commands.reduce((s, c) => decideCrisis(c, s, a).reduce(evolveCrisis, s), initialCrisisState);

    it('notifies the case’s Träger and escalates along its own chain, never to another Träger', () => {
      const state = run([trigger(), ...notifyAll(IN_OFFICE)]);
      expect(state.tasks['task-provider']).toMatchObject({
        organisationId: 'org-traeger-lindenhof',
        contactId: 'ct-tr-lindenhof-dienst',
        deadline: at(IN_OFFICE, 20),
      });
      const deadline = state.tasks['task-provider']!.deadline!;
      const escalated = decideCrisis(
        { type: 'EscalateOverdueTask', taskId: 'task-provider', deadline, now: deadline },
        state,
        routed,
      );
      expect(escalated).toContainEqual(
        expect.objectContaining({
          type: 'TaskEscalated',
          data: expect.objectContaining({ toContactId: 'ct-tr-lindenhof-ruf' }),
        }),
      );
      expect(() =>
        decideCrisis(
          { type: 'AcknowledgeTask', taskId: 'task-provider', actor: actors.provider, now: IN_OFFICE },
          state,
          routed,
        ),
      ).toThrow(DomainRuleViolation);
    });

    it('a crisis of a case without a Träger (or an old input) decides exactly as before', () => {
      const before = run([trigger(), ...notifyAll(IN_OFFICE)], agreement);
      const unchanged = run([trigger(), ...notifyAll(IN_OFFICE)], agreementForCase(agreement, null));
      expect(unchanged).toEqual(before);
      expect(before.tasks['task-provider']?.organisationId).toBe('org-traeger-birkenhof');
    });
  });
});
