import type { Lagebild, LagebildNeeds } from '@hilfenetz/contracts';
import type { CrisisTask } from '../crisis/crisis.state';
import type { TaskParty } from './lagebild-audience';
import type { CrisisLog, OrgRef } from './lagebild-log';

/**
 * What is still missing for the crisis to move, as far as the audience sees it: the guardian not
 * reached, no dispatch or ETA reported, no admission decision, an open family court decision,
 * contacts not reached, supervisors who must act. Only while the crisis is active, except the
 * documented unreachable guardian, which stays a fact of the record.
 */
export function missingOf(
  found: CrisisLog,
  tasks: CrisisTask[],
  status: Lagebild['status'],
  visible: ReadonlySet<TaskParty>,
  orgOf: (id: string | null | undefined) => OrgRef | null,
): LagebildNeeds['missing'] {
  const { state, triggered, ambulance, notReached } = found;
  const gaps: LagebildNeeds['missing'] = [];
  const active = status === 'open' || status === 'admitted';
  if (active) {
    const guardianTask = tasks.find((t) => t.party === 'guardian');
    if (guardianTask?.status === 'open') {
      gaps.push({
        kind: 'guardian_not_reached',
        party: 'guardian',
        since: guardianTask.attempts[0]?.notifiedAt ?? null,
      });
    }
    const ambulanceTask = state.tasks['task-ambulance'];
    if (status === 'open' && ambulanceTask && visible.has('ambulance')) {
      if (!ambulance) {
        gaps.push({
          kind: 'no_dispatch_reported',
          party: 'ambulance',
          organisation: orgOf(ambulanceTask.organisationId)!,
          since: ambulanceTask.attempts[0]?.notifiedAt ?? triggered.at,
        });
      } else if (!ambulance.expectedArrivalAt) {
        gaps.push({
          kind: 'no_eta_reported',
          party: 'ambulance',
          organisation: orgOf(ambulanceTask.organisationId)!,
          since: ambulance.reportedAt,
        });
      }
    }
    const clinicTask = state.tasks['task-clinic'];
    if (status === 'open' && clinicTask) {
      gaps.push({
        kind: 'no_admission_decision',
        party: 'clinic',
        organisation: orgOf(clinicTask.organisationId)!,
        since: clinicTask.attempts[0]?.notifiedAt ?? triggered.at,
      });
    }
    for (const t of tasks) {
      if (t.party === 'family_court' && t.status === 'open') {
        gaps.push({
          kind: 'family_court_decision_open',
          party: 'family_court',
          organisation: orgOf(t.organisationId)!,
          since: t.attempts[0]?.notifiedAt ?? null,
        });
      }
      if (t.status === 'open' && notReached.get(t.taskId)?.has(t.contactId)) {
        gaps.push({ kind: 'contact_not_reached', party: t.party, organisation: orgOf(t.organisationId)!, since: null });
      }
      if (t.status === 'open' && t.supervisorAlerted) {
        gaps.push({ kind: 'supervisor_must_act', party: t.party, organisation: orgOf(t.organisationId)!, since: null });
      }
    }
  }
  if (found.guardianUnreachableAt && visible.has('guardian')) {
    gaps.push({ kind: 'guardian_unreachable', party: 'guardian', since: found.guardianUnreachableAt });
  }
  return gaps;
}
