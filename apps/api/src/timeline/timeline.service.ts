import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  freeTextFieldOf,
  isSealedValue,
  type TimelineEntryDto,
  type TimelineExport,
  type TimelineFilter,
  type TimelineIntegrity,
  type TimelinePage,
  type TimelineQuery,
  type TaskSlaFigure,
  type TimelineSla,
} from '@hilfenetz/contracts';
import { caseStreamId, secondsToAcknowledge, taskSlaStep } from '@hilfenetz/domain';
import { VerifiedStreamCache, verifyStream, type PersonalDataVault } from '@hilfenetz/event-store';
import { TIMELINE_PAGE_SQL } from '@hilfenetz/persistence';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import type { DataSource } from 'typeorm';
import { DirectoryService, type Names } from '../directory/directory.service';
import { showFreeText } from '../cases/free-text';
import { CLOCK, DATA_SOURCE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { decodeCursor, encodeCursor } from './timeline-cursor';

interface TimelineRow {
  event_id: string;
  global_position: string;
  stream_version: number;
  type: string;
  occurred_at: Date;
  actor_id: string;
  actor_role: string;
  organisation_id: string | null;
  data: Record<string, unknown>;
}

interface SlaRow {
  crisis_id: string | null;
  task_id: string;
  party: string;
  opened_at: Date;
  acknowledged_at: Date | null;
  escalations: number;
}

interface PartyRow {
  party: string;
  tasks: number;
  acknowledged: number;
  escalations: number;
  /** Null while none of the party's tasks is acknowledged (greatest() alone would make it 0). */
  max_seconds: number | null;
}

function toTaskSla(r: SlaRow): TaskSlaFigure {
  const openedAt = r.opened_at.toISOString();
  const acknowledgedAt = r.acknowledged_at?.toISOString() ?? null;
  return {
    crisisId: r.crisis_id,
    taskId: r.task_id,
    party: r.party,
    openedAt,
    acknowledgedAt,
    secondsToAcknowledge: secondsToAcknowledge(openedAt, acknowledgedAt),
    escalations: r.escalations,
  };
}

/** How long a page trusts a case's chain verified before, hashing only what was appended since. */
const FULL_VERIFICATION_EVERY_MS = 5 * 60_000;

@Injectable()
export class TimelineService {
  private readonly verified: VerifiedStreamCache;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly directory: DirectoryService,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly facts: CaseFactsRepository,
  ) {
    this.verified = new VerifiedStreamCache(ds, {
      fullEveryMs: FULL_VERIFICATION_EVERY_MS,
      maxStreams: 10_000,
      now: () => this.clock().getTime(),
    });
  }

  /**
   * Free text (reasons, notes) opened for the reader the controller let in: the text, or
   * "gelöscht" once the young person's key is destroyed; legacy clear text of version 1 events is
   * masked the same way once the case's subject is erased (docs/adr/0018). Every export (JSON, CSV,
   * PDF) is built from these rows, so none of them can show more than the page does.
   */
  private async openFreeText(caseId: string, rows: TimelineRow[]): Promise<TimelineRow[]> {
    const withText = rows.filter((r) => {
      const field = freeTextFieldOf(r.type);
      return field !== null && r.data[field] !== undefined;
    });
    if (withText.length === 0) return rows;
    const erased = (await this.facts.get(caseId)).erasure !== null;
    const shown = new Map<string, Record<string, unknown>>();
    for (const r of withText) {
      const field = freeTextFieldOf(r.type)!;
      shown.set(r.event_id, { ...r.data, [field]: await showFreeText(this.vault, r.data[field], erased) });
    }
    return rows.map((r) => {
      const data = shown.get(r.event_id);
      return data ? { ...r, data } : r;
    });
  }

  /** One page of the timeline, oldest event first, with SLA figures and the chain check for the whole case. */
  async page(caseId: string, q: TimelineQuery): Promise<TimelinePage> {
    const after = q.cursor === undefined ? 0 : decodeCursor(q.cursor);
    if (after === null) {
      throw new ApplicationError('request.invalid', 'The request query is invalid.', [
        { field: 'query.cursor', reason: 'not a cursor of this timeline' },
      ]);
    }
    // One row more than asked tells whether another page follows.
    const rows = await this.select(caseId, q, after, q.limit + 1);
    const shown = await this.openFreeText(caseId, rows.slice(0, q.limit));
    const last = shown[shown.length - 1];
    const [sla, integrity, names] = await Promise.all([
      this.sla(caseId, shown),
      this.integrity(caseId, 'incremental'),
      this.names(shown),
    ]);
    return {
      caseId,
      entries: shown.map((r) => toDto(r, names)),
      page: { limit: q.limit, nextCursor: rows.length > q.limit && last ? encodeCursor(last.stream_version) : null },
      sla,
      integrity,
    };
  }

  /**
   * Every matching event, for the JSON, CSV and PDF exports; refused when more than `maxEntries`
   * match, since the whole file is built in memory (a PDF of a long case would take the process down).
   */
  async export(caseId: string, filter: TimelineFilter, maxEntries: number): Promise<TimelineExport> {
    const [rows, sla, integrity] = await Promise.all([
      this.select(caseId, filter, 0, maxEntries + 1),
      this.sla(caseId),
      // An export may go to a court: the whole chain, every time.
      this.integrity(caseId, 'full'),
    ]);
    if (rows.length > maxEntries) {
      throw new ApplicationError(
        'export.too_large',
        `More than ${maxEntries} events match; narrow the export with from/to or type.`,
        [],
        { maxEntries },
      );
    }
    const [names, opened] = await Promise.all([this.names(rows), this.openFreeText(caseId, rows)]);
    return {
      caseId,
      exportedAt: this.clock().toISOString(),
      entries: opened.map((r) => toDto(r, names)),
      sla,
      integrity,
    };
  }

  /**
   * Names for the ids the rows show: people from the directory, organisations and contacts from
   * the agreement versions (the newest name of an id wins; ids stay in the entries beside them).
   */
  private async names(rows: TimelineRow[]): Promise<Names> {
    const people = new Set<string>();
    for (const r of rows) {
      people.add(r.actor_id);
      collectIds(r.data, (kind, id) => kind === 'person' && people.add(id));
    }
    const [named, agreementNames] = await Promise.all([
      this.directory.people(people),
      this.directory.agreementNames(null),
    ]);
    return { people: named, ...agreementNames };
  }

  private select(caseId: string, f: TimelineFilter, after: number, limit: number | null): Promise<TimelineRow[]> {
    return this.ds.query(TIMELINE_PAGE_SQL, [
      caseId,
      f.type?.length ? f.type : null,
      f.party ?? null,
      utc(f.from),
      utc(f.to),
      after,
      limit,
    ]);
  }

  /**
   * The SLA figures from their read model (case_task_sla, one row per task): per party over the
   * whole case, grouped in Postgres; per task for every task of the case in an export, and on a
   * page only for the tasks its entries name, so a page reads and answers the same few rows however
   * long the case (a case of 10,000 events holds thousands of tasks; folding its entries on every
   * page cost 300–570 ms, docs/adr/0037).
   */
  private async sla(caseId: string, pageRows?: TimelineRow[]): Promise<TimelineSla> {
    let keys: string[] | null = null;
    if (pageRows) {
      const named = new Set<string>();
      for (const r of pageRows) {
        const step = taskSlaStep(r.type, r.data);
        if (step.kind !== 'none') named.add(step.key);
      }
      keys = [...named];
    }
    const [parties, tasks] = await Promise.all([
      this.ds.query<PartyRow[]>(
        `SELECT party, count(*)::int AS tasks, count(acknowledged_at)::int AS acknowledged,
                sum(escalations)::int AS escalations,
                max(CASE WHEN acknowledged_at IS NOT NULL
                         THEN greatest(0, extract(epoch FROM acknowledged_at - opened_at)) END)::float8 AS max_seconds
         FROM case_task_sla WHERE case_id = $1 AND opened_at IS NOT NULL GROUP BY party`,
        [caseId],
      ),
      keys?.length === 0
        ? Promise.resolve([])
        : this.ds.query<SlaRow[]>(
            `SELECT crisis_id, task_id, party, opened_at, acknowledged_at, escalations FROM case_task_sla
             WHERE case_id = $1 AND opened_at IS NOT NULL AND ($2::text[] IS NULL OR task_key = ANY($2::text[]))
             ORDER BY opened_version`,
            [caseId, keys],
          ),
    ]);
    return {
      parties: parties
        .map((p) => ({
          party: p.party,
          tasks: p.tasks,
          acknowledged: p.acknowledged,
          escalations: p.escalations,
          maxSecondsToAcknowledge: p.max_seconds,
        }))
        .sort((a, b) => a.party.localeCompare(b.party)),
      tasks: tasks.map(toTaskSla),
    };
  }

  /** Recomputed from the event store itself, not the read model: the read model is not what is chained. */
  /**
   * The chain check shown with the timeline. A page verifies incrementally (VerifiedStreamCache:
   * the events appended since the last intact check, the whole case again every five minutes);
   * an export verifies the whole case.
   */
  private async integrity(caseId: string, how: 'incremental' | 'full'): Promise<TimelineIntegrity> {
    const checkedAt = this.clock().toISOString();
    const stream = caseStreamId(caseId);
    const r = how === 'full' ? await verifyStream(this.ds, stream) : await this.verified.verify(stream);
    if (r.ok) return { ok: true, events: r.events, checkedAt };
    return {
      ok: false,
      streamVersion: r.streamVersion,
      eventId: r.eventId,
      reason: r.reason,
      detail: r.detail,
      checkedAt,
    };
  }
}

type IdKind = 'person' | 'organisation' | 'contact';

/**
 * The ids an event's data names, by what they are: `…organisationId` and `…ContactId` fields,
 * and actor references (`{ id, role }`, e.g. acknowledgedBy). Sealed values are not entered.
 */
function collectIds(v: unknown, found: (kind: IdKind, id: string) => void, key = ''): void {
  if (typeof v === 'string') {
    if (/organisationId$/i.test(key)) found('organisation', v);
    else if (/contactId$/i.test(key)) found('contact', v);
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) collectIds(x, found, key.endsWith('Ids') ? key.slice(0, -1) : key);
    return;
  }
  if (!v || typeof v !== 'object' || isSealedValue(v)) return;
  const o = v as Record<string, unknown>;
  if (typeof o.id === 'string' && typeof o.role === 'string') found('person', o.id);
  for (const [k, x] of Object.entries(o)) collectIds(x, found, k);
}

function labelsOf(data: Record<string, unknown>, names: Names): Record<string, string> {
  const labels: Record<string, string> = {};
  collectIds(data, (kind, id) => {
    const name = (
      kind === 'person' ? names.people : kind === 'organisation' ? names.organisations : names.contacts
    ).get(id);
    if (name !== undefined) labels[id] = name;
  });
  return labels;
}

function toDto(r: TimelineRow, names: Names): TimelineEntryDto {
  return {
    eventId: r.event_id,
    position: r.global_position,
    streamVersion: r.stream_version,
    type: r.type,
    occurredAt: r.occurred_at.toISOString(),
    actor: {
      id: r.actor_id,
      role: r.actor_role,
      organisationId: r.organisation_id,
      displayName: names.people.get(r.actor_id) ?? null,
      organisationName: r.organisation_id ? (names.organisations.get(r.organisation_id) ?? null) : null,
    },
    data: maskSealed(r.data) as Record<string, unknown>,
    labels: labelsOf(r.data, names),
  };
}

/**
 * Sealed personal data (the young person, the situation, plan texts) shows only that it exists;
 * free text was opened before (`openFreeText`).
 */
function maskSealed(v: unknown): unknown {
  if (isSealedValue(v)) return { sealed: true };
  if (Array.isArray(v)) return v.map(maskSealed);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskSealed(x)]));
  return v;
}

/**
 * An ISO 8601 instant as UTC for Postgres: the query allows any offset ISO 8601 does (up to ±23:59),
 * Postgres refuses those past ±15:59 ("time zone displacement out of range"), which was a 500.
 */
function utc(instant: string | undefined): string | null {
  return instant ? new Date(instant).toISOString() : null;
}
