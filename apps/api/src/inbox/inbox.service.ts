import { Inject, Injectable } from '@nestjs/common';
import {
  isProcessTaskKind,
  type InboxTask,
  type Principal,
  type TaskInboxQuery,
  type TaskInboxResponse,
} from '@hilfenetz/contracts';
import type { DataSource } from 'typeorm';
import { DirectoryService } from '../directory/directory.service';
import { DATA_SOURCE } from '../infrastructure/tokens';

interface Row {
  case_id: string;
  crisis_id: string;
  task_id: string;
  kind: InboxTask['kind'];
  party: string;
  organisation_id: string;
  contact_id: string | null;
  status: InboxTask['status'];
  deadline: Date | null;
  created_at: Date;
  updated_at: Date;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  escalations: number;
  subject_id: string | null;
  detail: {
    step?: string;
    readerId?: string;
    readerOrganisationId?: string;
    riskConfirmed?: boolean;
    acting?: boolean;
  } | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * An organisation's tasks, most urgent first. Nobody sees another organisation's inbox, and a task
 * meant for some roles only (a break-glass review: the supervisor) is not shown to the others.
 */
@Injectable()
export class InboxService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly directory: DirectoryService,
  ) {}

  async forUser(user: Principal, q: TaskInboxQuery): Promise<TaskInboxResponse> {
    const { organisationId } = user;
    const rows: Row[] = await this.ds.query(
      `SELECT * FROM task_inbox
       WHERE organisation_id = $1 AND ($2 = 'all' OR status = $2) AND ($3::text IS NULL OR case_id = $3)
         AND (audience_roles IS NULL OR audience_roles && $4::text[])
       ORDER BY deadline ASC NULLS LAST, created_at DESC
       LIMIT 500`,
      [organisationId, q.status, q.caseId ?? null, user.roles],
    );
    // Names come from the agreement each crisis runs under: a later version may rename a contact.
    const refs = await this.directory.agreementRefs(rows.map((r) => ({ caseId: r.case_id, crisisId: r.crisis_id })));
    const namesByRef = new Map<string, Awaited<ReturnType<DirectoryService['agreementNames']>>>();
    for (const ref of new Set([...refs.values()].map((r) => (r ? JSON.stringify(r) : 'null')))) {
      namesByRef.set(ref, await this.directory.agreementNames(ref === 'null' ? null : JSON.parse(ref)));
    }
    const namesOf = (crisisId: string) => namesByRef.get(JSON.stringify(refs.get(crisisId) ?? null))!;
    const people = await this.directory.people(
      rows.flatMap((r) => [r.acknowledged_by, r.detail?.readerId].filter((id): id is string => !!id)),
    );
    const currentNames = (await this.directory.agreementNames(null)).organisations;
    const ownName = currentNames.get(organisationId) ?? null;
    /** The fields only the other kinds carry: ids, names and booleans, never the sealed text. */
    const processFields = (r: Row): Partial<InboxTask> => {
      if (!isProcessTaskKind(r.kind)) return {};
      const d = r.detail ?? {};
      return {
        ...(r.subject_id ? { subjectId: r.subject_id } : {}),
        ...(d.step ? { step: d.step } : {}),
        ...(d.readerId && d.readerOrganisationId
          ? {
              reader: {
                id: d.readerId,
                name: people.get(d.readerId) ?? null,
                organisationId: d.readerOrganisationId,
                organisationName: currentNames.get(d.readerOrganisationId) ?? null,
              },
            }
          : {}),
        ...(r.kind === 'kkg_feedback_received' && typeof d.riskConfirmed === 'boolean' && typeof d.acting === 'boolean'
          ? { kkgFeedback: { riskConfirmed: d.riskConfirmed, acting: d.acting } }
          : {}),
      };
    };
    return {
      organisationId,
      organisationName: ownName,
      tasks: rows.map((r) => ({
        caseId: r.case_id,
        crisisId: r.crisis_id,
        taskId: r.task_id,
        kind: r.kind,
        party: r.party,
        organisationId: r.organisation_id,
        organisationName: namesOf(r.crisis_id).organisations.get(r.organisation_id) ?? null,
        contactId: r.contact_id,
        contactLabel: r.contact_id ? (namesOf(r.crisis_id).contacts.get(r.contact_id) ?? null) : null,
        status: r.status,
        deadline: iso(r.deadline),
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
        acknowledgedBy: r.acknowledged_by,
        acknowledgedByName: r.acknowledged_by ? (people.get(r.acknowledged_by) ?? null) : null,
        acknowledgedAt: iso(r.acknowledged_at),
        escalations: r.escalations,
        ...processFields(r),
      })),
    };
  }
}
