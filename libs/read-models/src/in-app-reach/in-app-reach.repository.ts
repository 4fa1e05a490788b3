import type { DataSource } from 'typeorm';

/** A task's current in-app attempt and its recorded receipts (table `task_in_app_reach`). */
export interface InAppReachRow {
  taskId: string;
  attemptId: string;
  contactId: string;
  /** The workflow reads the receipt from the log (docs/adr/0046); false: it was sent the receipt. */
  receiptInLog: boolean;
  deliveredAt: string | null;
  seen: boolean;
}

/** Reads the projector's `task_in_app_reach` (docs/adr/0046). */
export class InAppReachRepository {
  constructor(private readonly ds: DataSource) {}

  async ofCrisis(crisisId: string): Promise<InAppReachRow[]> {
    const rows: {
      task_id: string;
      attempt_id: string;
      contact_id: string;
      receipt_in_log: boolean;
      delivered_at: Date | null;
      seen: boolean;
    }[] = await this.ds.query(
      `SELECT task_id, attempt_id, contact_id, receipt_in_log, delivered_at, seen
         FROM task_in_app_reach WHERE crisis_id = $1`,
      [crisisId],
    );
    return rows.map((r) => ({
      taskId: r.task_id,
      attemptId: r.attempt_id,
      contactId: r.contact_id,
      receiptInLog: r.receipt_in_log,
      deliveredAt: r.delivered_at ? r.delivered_at.toISOString() : null,
      seen: r.seen,
    }));
  }
}
