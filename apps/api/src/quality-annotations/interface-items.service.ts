import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  qualityAnnotationStreamId,
  type AnnotateInterfaceItemRequest,
  type InterfaceItem,
  type InterfaceItemAnnotatedData,
  type InterfaceItemKind,
  type InterfaceItemList,
  type InterfaceItemsQuery,
  type Principal,
  type Role,
} from '@hilfenetz/contracts';
import type { EventStore, PersonalDataVault } from '@hilfenetz/event-store';
import { CaseFactsRepository } from '@hilfenetz/read-models';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AccessRecordsService } from '../access/access-records.service';
import { actingRole } from '../auth/acting-role';
import { metadataOf } from '../cases/cases.service';
import { sealFreeText, showFreeText } from '../cases/free-text';
import { CLOCK, DATA_SOURCE, EVENT_STORE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { AgreementScopeService } from '../quality-report/agreement-scope.service';
import { refuseIdentifyingText } from './identifying-text.guard';

/** A page of items: the newest first; the lead office annotates recent ones. */
export const INTERFACE_ITEMS_PAGE = 200;

interface ItemRow {
  item_id: string;
  kind: InterfaceItemKind;
  escalation_cause: InterfaceItem['escalationCause'];
  case_id: string;
  crisis_id: string;
  task_id: string;
  party: InterfaceItem['party'];
  organisation_id: string;
  agreement_id: string | null;
  month: string;
  occurred_at: Date;
  category: string | null;
  note: unknown;
  annotated_at: Date | null;
  lead_organisation_id: string | null;
}

/** Missed deadlines of §4 KKG / §8a steps: no crisis, so no agreement until annotated. */
const DEADLINE_KINDS: readonly InterfaceItemKind[] = ['kkg_feedback_missed', 'risk_assessment_deadline_missed'];

const purposeOf = (role: Role) => (role === 'supervisor' ? 'supervision' : 'case_work');

/**
 * The lead office's items at the interfaces (issue 18 §3, ADR 0036): what it may annotate with a
 * cause. This is the office's own case data, not the anonymous report: only cases it leads are
 * listed, and every case a list shows is in that case's access log.
 */
@Injectable()
export class InterfaceItemsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly scopes: AgreementScopeService,
    private readonly records: AccessRecordsService,
    private readonly caseFacts: CaseFactsRepository,
  ) {}

  async list(query: InterfaceItemsQuery, user: Principal, correlationId: string): Promise<InterfaceItemList> {
    const scope = await this.scopes.forLeadOffice(query.agreementId, user);
    const rows: ItemRow[] = await this.ds.query(
      `SELECT i.*, f.lead_organisation_id FROM quality_interface_items i
       JOIN case_facts f ON f.case_id = i.case_id
       WHERE f.lead_organisation_id = $1 AND (i.agreement_id = $2 OR i.agreement_id IS NULL)
         AND i.month BETWEEN $3 AND $4
       ORDER BY i.occurred_at DESC, i.item_id LIMIT $5`,
      [user.organisationId, query.agreementId, query.from, query.to, INTERFACE_ITEMS_PAGE + 1],
    );
    // A missed §4 KKG / §8a deadline not yet annotated belongs to no agreement: its lead office sees
    // it under each of its agreements (this office is one's lead office, checked above).
    const page = rows.slice(0, INTERFACE_ITEMS_PAGE);
    // Case data leaves the API only after its read is recorded: one access-log row per case shown.
    const role = actingRole(user.roles) as Role;
    await this.ds.transaction(async (m) => {
      for (const caseId of new Set(page.map((r) => r.case_id))) {
        await this.records.logRead(m, user, caseId, 'crisis', role, purposeOf(role), null, correlationId);
      }
    });
    return {
      agreementId: query.agreementId,
      categories: scope.causeCategories.map((c) => ({ id: c.id, label: c.label })),
      items: await Promise.all(page.map((r) => this.view(r, scope.organisationNames))),
      truncated: rows.length > INTERFACE_ITEMS_PAGE,
    };
  }

  /**
   * The lead office names the cause of an item, with a short note that must not identify anyone
   * (refused 400 otherwise, nothing stored). The note is sealed under the case's key besides.
   */
  async annotate(
    itemId: string,
    body: AnnotateInterfaceItemRequest,
    user: Principal,
    correlationId: string,
  ): Promise<InterfaceItem> {
    const row = await this.ownItem(itemId, user);
    const agreementId = row.agreement_id ?? body.agreementId;
    if (!agreementId) {
      throw new ApplicationError('request.invalid', 'A missed deadline is annotated under one of your agreements.', [
        { field: 'body.agreementId', reason: 'required for a missed §4 KKG or §8a deadline, which has no crisis' },
      ]);
    }
    const scope = await this.scopes.forLeadOffice(agreementId, user);
    if (!scope.causeCategories.some((c) => c.id === body.category)) {
      throw new ApplicationError('request.invalid', `The agreement names no cause category ${body.category}.`, [
        {
          field: 'body.category',
          reason: `must be one of the agreement's categories: ${scope.causeCategories.map((c) => c.id).join(', ')}`,
        },
      ]);
    }
    const note = body.note?.trim() ? body.note.trim() : undefined;
    refuseIdentifyingText({ 'body.note': note });
    const annotatedAt = this.clock().toISOString();
    const data: InterfaceItemAnnotatedData = {
      itemId,
      caseId: row.case_id,
      crisisId: row.crisis_id,
      taskId: row.task_id,
      kind: row.kind,
      ...(row.escalation_cause ? { escalationCause: row.escalation_cause } : {}),
      party: row.party,
      organisationId: row.organisation_id,
      agreementId,
      month: row.month,
      category: body.category,
      ...(note ? { note: await sealFreeText(this.vault, await this.caseFacts.get(row.case_id), note) } : {}),
      annotatedBy: { id: user.id, role: actingRole(user.roles), organisationId: user.organisationId },
      annotatedAt,
    };
    await this.store.append(qualityAnnotationStreamId(row.case_id), [
      {
        eventId: randomUUID(),
        type: 'InterfaceItemAnnotated',
        schemaVersion: 1,
        data,
        metadata: metadataOf(user, correlationId),
      },
    ]);
    // The answer is what was recorded; the list shows it once the projector has caught up.
    return this.view(
      {
        ...row,
        agreement_id: agreementId,
        category: body.category,
        note: data.note ?? null,
        annotated_at: new Date(annotatedAt),
      },
      scope.organisationNames,
    );
  }

  /**
   * An item of a case the caller's organisation leads, else 404 — the same answer for another
   * office's item as for none, so an id tells nothing about another office's cases.
   */
  async ownItem(itemId: string, user: Principal): Promise<ItemRow> {
    const [row]: ItemRow[] = await this.ds.query(
      `SELECT i.*, f.lead_organisation_id FROM quality_interface_items i
       LEFT JOIN case_facts f ON f.case_id = i.case_id WHERE i.item_id = $1`,
      [itemId],
    );
    // A crisis without an agreement has no interfaces to analyse; a missed deadline gets one when annotated.
    const placed = row && (row.agreement_id !== null || DEADLINE_KINDS.includes(row.kind));
    if (!row || !placed || row.lead_organisation_id !== user.organisationId) {
      throw new ApplicationError('quality_item.not_found', `No item ${itemId} of your office's cases.`, [
        { field: 'path.itemId', reason: 'unknown item' },
      ]);
    }
    return row;
  }

  private async view(r: ItemRow, names: ReadonlyMap<string, string>): Promise<InterfaceItem> {
    return {
      itemId: r.item_id,
      kind: r.kind,
      escalationCause: r.escalation_cause ?? null,
      caseId: r.case_id,
      crisisId: r.crisis_id,
      taskId: r.task_id,
      party: r.party,
      organisationId: r.organisation_id,
      organisationName: names.get(r.organisation_id) ?? r.organisation_id,
      occurredAt: new Date(r.occurred_at).toISOString(),
      annotation:
        r.category === null
          ? null
          : {
              category: r.category,
              note: (await showFreeText(this.vault, r.note, false)) ?? null,
              annotatedAt: new Date(r.annotated_at!).toISOString(),
            },
    };
  }
}
