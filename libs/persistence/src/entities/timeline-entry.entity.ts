import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row of a case's timeline read model. Not an API type: the API maps it to TimelineEntryDto. */
@Entity({ name: 'timeline_entries' })
export class TimelineEntryEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ name: 'global_position', type: 'bigint' })
  globalPosition!: string;

  @Column({ name: 'stream_version', type: 'integer' })
  streamVersion!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole!: string;

  @Column({ name: 'organisation_id', type: 'text', nullable: true })
  organisationId!: string | null;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;
}
