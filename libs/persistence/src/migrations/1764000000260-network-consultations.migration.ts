import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anonymous case consultations of a network (issue 17 part 5, docs/adr/0039): `network_consultations`
 * is the projector's list of them without any text (the texts stay sealed in the stream
 * `network-consultations-<networkId>`): who asked whom, when, how many answers, and whether the
 * coordinating office marked it as a case example for a meeting. The meetings read the case
 * examples here; the annual report counts the year's consultations here.
 */
export class NetworkConsultations1764000000260 implements MigrationInterface {
  name = 'NetworkConsultations1764000000260';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE network_consultations (
        consultation_id              text PRIMARY KEY,
        network_id                   text NOT NULL,
        asked_by_organisation_id     text NOT NULL,
        addressed_to_kind            text NOT NULL,
        addressed_to_organisation_id text,
        specialty                    text,
        asked_at                     timestamptz NOT NULL,
        answer_ids                   text[] NOT NULL DEFAULT '{}',
        case_example                 boolean NOT NULL DEFAULT false,
        case_example_marked_at       timestamptz
      )`);
    await q.query(`CREATE INDEX network_consultations_network ON network_consultations (network_id, asked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE network_consultations`);
  }
}
