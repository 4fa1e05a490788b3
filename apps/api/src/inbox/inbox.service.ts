import { Inject, Injectable } from '@nestjs/common';
import type { InboxTask, TaskInboxQuery, TaskInboxResponse } from '@hilfenetz/contracts';
import type { DataSource } from 'typeorm';
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
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An organisation's tasks, most urgent first. Nobody sees another organisation's inbox. */
@Injectable()
export class InboxService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async forOrganisation(organisationId: string, q: TaskInboxQuery): Promise<TaskInboxResponse> {
    const rows: Row[] = await this.ds.query(
      `SELECT * FROM task_inbox
       WHERE organisation_id = $1 AND ($2 = 'all' OR status = $2) AND ($3::text IS NULL OR case_id = $3)
       ORDER BY deadline ASC NULLS LAST, created_at DESC
       LIMIT 500`,
      [organisationId, q.status, q.caseId ?? null],
    );
    return {
      organisationId,
      tasks: rows.map((r) => ({
        caseId: r.case_id,
        crisisId: r.crisis_id,
        taskId: r.task_id,
        kind: r.kind,
        party: r.party,
        organisationId: r.organisation_id,
        contactId: r.contact_id,
        status: r.status,
        deadline: iso(r.deadline),
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
        acknowledgedBy: r.acknowledged_by,
        acknowledgedAt: iso(r.acknowledged_at),
        escalations: r.escalations,
      })),
    };
  }
}
