import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store: append-only, one row per event, ordered per stream by stream_version and
 * globally by (transaction_id, global_position) so readers never skip a late-committing event.
 */
export class EventStore1764000000000 implements MigrationInterface {
  name = 'EventStore1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_streams (
        stream_id       text PRIMARY KEY,
        version         integer NOT NULL DEFAULT 0,
        last_hash       text,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE events (
        global_position bigserial PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id        uuid NOT NULL,
        stream_id       text NOT NULL REFERENCES event_streams(stream_id),
        stream_version  integer NOT NULL,
        type            text NOT NULL,
        schema_version  integer NOT NULL,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        recorded_at     timestamptz NOT NULL,
        prev_hash       text,
        hash            text NOT NULL,
        CONSTRAINT events_event_id_unique UNIQUE (event_id),
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
      )`);
    await q.query(`CREATE INDEX events_commit_order ON events (transaction_id, global_position)`);
    // Immutability: a trigger refuses UPDATE and DELETE for everyone, including the table owner.
    await q.query(`
      CREATE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_are_immutable()`);
    await q.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_are_immutable()`);
    // Wake the relay as soon as an event commits instead of waiting for its next poll.
    await q.query(`
      CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('hilfenetz_events', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER events_notify_after_insert AFTER INSERT ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_notify()`);
    await q.query(`
      CREATE TABLE relay_checkpoints (
        name            text PRIMARY KEY,
        transaction_id  xid8 NOT NULL,
        global_position bigint NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE relay_checkpoints`);
    await q.query(`DROP TABLE events`);
    await q.query(`DROP FUNCTION events_are_immutable`);
    await q.query(`DROP FUNCTION events_notify`);
    await q.query(`DROP TABLE event_streams`);
  }
}
