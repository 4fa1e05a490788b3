import { asKnownEvent, type CrisisOfflineEntry, type StoredEvent } from '@hilfenetz/contracts';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/**
 * The crisis board (GET /crises): per crisis its case, its state and the organisations taking part
 * (who triggered it and every organisation that held one of its tasks, escalations included), so
 * each organisation's board is one indexed query instead of a Temporal visibility listing.
 */
export class CrisisBoardProjection implements Projection {
  readonly name = 'crisis-board';
  readonly tables = ['crisis_board'];

  async applyBatch(m: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) await this.apply(m, stored);
  }

  private async apply(m: EntityManager, stored: StoredEvent): Promise<void> {
    const e = asKnownEvent(stored);
    if (!e) return;
    const at = stored.recordedAt;
    switch (e.type) {
      case 'CrisisTriggered': {
        const d = e.data;
        const by = stored.metadata.organisationId;
        await m.query(
          `INSERT INTO crisis_board (crisis_id, case_id, status, started_at, organisations, updated_at)
           VALUES ($1, $2, 'open', $3, $4, $5) ON CONFLICT (crisis_id) DO NOTHING`,
          [d.crisisId, d.caseId, d.triggeredAt, by ? [by] : [], at],
        );
        return;
      }
      case 'PartyNotified':
      case 'FamilyCourtDecisionRequired':
      case 'SupervisorAlerted':
        return this.joins(m, e.data.crisisId, e.data.organisationId, at);
      case 'TaskEscalated':
        return this.joins(m, e.data.crisisId, e.data.toOrganisationId, at);
      case 'AdmissionDecided':
        return this.moves(m, e.data.crisisId, e.data.decision === 'not_admitted' ? 'not_admitted' : 'admitted', at);
      case 'DischargeAnnounced':
        return this.moves(m, e.data.crisisId, 'discharged', at);
      case 'CrisisCancelled':
        return this.moves(m, e.data.crisisId, 'cancelled', at);
      case 'CrisisTriggerJoined': {
        const d = e.data;
        return this.records(m, d.crisisId, at, {
          eventId: stored.eventId,
          kind: 'trigger_joined',
          at: d.joinedAt,
          actorId: d.joinedBy.id,
          organisationId: d.joinedBy.organisationId ?? null,
          actedOnDevice: d.actedOnDevice ?? null,
          ...(d.afterEnd ? { afterEnd: true } : {}),
        });
      }
      case 'TaskAnswerSuperseded': {
        const d = e.data;
        return this.records(m, d.crisisId, at, {
          eventId: stored.eventId,
          kind: 'answer_superseded',
          at: d.receivedAt,
          actorId: d.answeredBy.id,
          organisationId: d.answeredBy.organisationId ?? null,
          actedOnDevice: d.actedOnDevice,
          taskId: d.taskId,
          party: d.party,
          answer: d.answer,
          instead: d.instead,
        });
      }
      default:
        return;
    }
  }

  private async joins(m: EntityManager, crisisId: string, organisationId: string, at: string): Promise<void> {
    await m.query(
      `UPDATE crisis_board SET organisations = array_append(organisations, $2), updated_at = $3
       WHERE crisis_id = $1 AND NOT ($2 = ANY(organisations))`,
      [crisisId, organisationId, at],
    );
  }

  /** What arrived late from an offline device (ids and times only); an event applied twice is kept once. */
  private async records(m: EntityManager, crisisId: string, at: string, entry: CrisisOfflineEntry): Promise<void> {
    await m.query(
      `UPDATE crisis_board SET offline_entries = offline_entries || jsonb_build_array($2::jsonb), updated_at = $3
       WHERE crisis_id = $1 AND NOT offline_entries @> jsonb_build_array(jsonb_build_object('eventId', $4::text))`,
      [crisisId, JSON.stringify(entry), at, entry.eventId],
    );
  }

  private async moves(m: EntityManager, crisisId: string, status: string, at: string): Promise<void> {
    await m.query(`UPDATE crisis_board SET status = $2, updated_at = $3 WHERE crisis_id = $1`, [crisisId, status, at]);
  }
}
