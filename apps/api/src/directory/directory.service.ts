import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AgreementRef, CooperationAgreement, Principal } from '@hilfenetz/contracts';
import { crisisOf } from '@hilfenetz/domain';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import type { DataSource } from 'typeorm';
import { AgreementRegistryService } from '../agreements/agreement-registry.service';
import { CLOCK, DATA_SOURCE } from '../infrastructure/tokens';

/** Display names for ids: people (staff), organisations and contacts. Ids without a name are absent. */
export interface Names {
  people: Map<string, string>;
  organisations: Map<string, string>;
  contacts: Map<string, string>;
}

/** What the engine itself does is shown under this name, not as `system:crisis-workflow`. */
const SYSTEM_NAME = 'hilfenetz (automatisch)';

/**
 * Names instead of ids, for people reading boards, inboxes and timelines: staff names from the
 * people directory (filled from verified tokens), organisation names and contact labels from the
 * agreement versions. The events keep the ids; names are looked up when read.
 */
@Injectable()
export class DirectoryService {
  private readonly logger = new Logger('Directory');
  /** What this process last wrote per person, so only a change costs a write. */
  private readonly known = new Map<string, string>();
  /** The agreement version each crisis runs under: fixed when it starts, so kept once read. */
  private readonly crisisAgreements = new Map<string, AgreementRef | null>();

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly agreements: AgreementRegistryService,
    private readonly facts: CaseFactsRepository,
  ) {}

  /**
   * Records the caller's name from their verified token; a name changed at the identity provider
   * overwrites the old one. Never fails the request: a name is a courtesy, the id stays shown.
   */
  async remember(user: Principal): Promise<void> {
    const entry = `${user.displayName}\u0000${user.organisationId}`;
    if (this.known.get(user.id) === entry) return;
    try {
      await this.ds.query(
        `INSERT INTO people_directory (user_id, display_name, organisation_id, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET display_name = EXCLUDED.display_name,
           organisation_id = EXCLUDED.organisation_id, updated_at = EXCLUDED.updated_at
         WHERE people_directory.display_name IS DISTINCT FROM EXCLUDED.display_name
            OR people_directory.organisation_id IS DISTINCT FROM EXCLUDED.organisation_id`,
        [user.id, user.displayName, user.organisationId, this.clock()],
      );
      this.known.set(user.id, entry);
    } catch (err) {
      this.logger.warn(`directory not updated: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Display names of people by id (staff seen by this API), and a name for the engine's own steps. */
  async people(ids: Iterable<string>): Promise<Map<string, string>> {
    const wanted = [...new Set(ids)];
    const names = new Map<string, string>();
    for (const id of wanted) if (id.startsWith('system:')) names.set(id, SYSTEM_NAME);
    const people = wanted.filter((id) => !names.has(id));
    if (people.length === 0) return names;
    const rows: { user_id: string; display_name: string }[] = await this.ds.query(
      `SELECT user_id, display_name FROM people_directory WHERE user_id = ANY($1)`,
      [people],
    );
    for (const r of rows) names.set(r.user_id, r.display_name);
    return names;
  }

  /**
   * Organisation names and contact labels of one agreement version (the one a crisis runs under),
   * or of every known version with the newest name winning when `ref` is null.
   */
  async agreementNames(ref: AgreementRef | null): Promise<Pick<Names, 'organisations' | 'contacts'>> {
    const versions = await this.versions(ref);
    const organisations = new Map<string, string>();
    const contacts = new Map<string, string>();
    for (const a of versions) {
      for (const o of a.organisations) organisations.set(o.id, o.name);
      for (const c of a.contacts) contacts.set(c.id, c.label);
    }
    return { organisations, contacts };
  }

  /**
   * The agreement version each crisis runs under (CrisisTriggered.agreement), looked up in the
   * case facts; crises not triggered yet or recorded before issue 4 map to null.
   */
  async agreementRefs(crises: { caseId: string; crisisId: string }[]): Promise<Map<string, AgreementRef | null>> {
    const missing = crises.filter((c) => !this.crisisAgreements.has(c.crisisId));
    if (missing.length > 0) {
      const facts = await this.facts.getMany(missing.map((c) => c.caseId));
      for (const c of missing) {
        const crisis = crisisOf(facts.get(c.caseId) ?? { crises: [] }, c.crisisId);
        if (crisis) this.crisisAgreements.set(c.crisisId, crisis.agreement);
      }
    }
    return new Map(crises.map((c) => [c.crisisId, this.crisisAgreements.get(c.crisisId) ?? null]));
  }

  /** The agreement version a crisis runs under, or null when no longer known. */
  async agreement(ref: AgreementRef): Promise<CooperationAgreement | null> {
    return (
      (await this.agreements.all()).find(
        (v) => v.agreement.agreementId === ref.agreementId && v.agreement.version === ref.version,
      )?.agreement ?? null
    );
  }

  private async versions(ref: AgreementRef | null): Promise<CooperationAgreement[]> {
    if (ref) {
      const one = await this.agreement(ref);
      if (one) return [one];
    }
    // Oldest first, so that the newest version's names overwrite older ones.
    return (await this.agreements.all()).map((v) => v.agreement).sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  }
}
