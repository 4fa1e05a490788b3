import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  weaknessRegisterStreamId,
  type ChangeWeaknessStatusRequest,
  type Principal,
  type RegisterWeaknessRequest,
  type WeaknessEntry,
  type WeaknessKind,
  type WeaknessRegister,
  type WeaknessRegisteredData,
  type WeaknessStatus,
  type WeaknessStatusChangedData,
} from '@hilfenetz/contracts';
import type { EventStore } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { actingRole } from '../auth/acting-role';
import { metadataOf } from '../cases/cases.service';
import { CLOCK, DATA_SOURCE, EVENT_STORE } from '../infrastructure/tokens';
import { InterfaceItemsService } from '../quality-annotations/interface-items.service';
import { refuseIdentifyingText } from '../quality-annotations/identifying-text.guard';
import { AgreementScopeService, type AgreementScope } from '../quality-report/agreement-scope.service';

interface Actor {
  id: string;
  role: string;
  organisationId: string;
}

interface RegisterRow {
  weakness_id: string;
  agreement_id: string;
  kind: WeaknessKind;
  what: string;
  party: WeaknessEntry['party'];
  organisation_id: string;
  category: string;
  example: string;
  status: WeaknessStatus;
  registered_by: Actor;
  registered_at: Date;
  status_changed_by: Actor;
  status_changed_at: Date;
  history: { status: WeaknessStatus; changedBy: Actor; changedAt: string }[];
}

/**
 * The agreement's register of weaknesses and change proposals (issue 18 §3, ADR 0036): read by the
 * Leitung and Prüfung of every organisation of the agreement, kept by its lead office, which
 * promotes annotated items of its own cases into it. No name: the texts pass the identifying-data
 * check, and the actors show as role and organisation.
 */
@Injectable()
export class WeaknessRegisterService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly scopes: AgreementScopeService,
    private readonly items: InterfaceItemsService,
  ) {}

  async list(agreementId: string, user: Principal): Promise<WeaknessRegister> {
    const scope = await this.scopes.forMember(agreementId, user);
    const rows: RegisterRow[] = await this.ds.query(
      `SELECT * FROM weakness_register WHERE agreement_id = $1 ORDER BY registered_at DESC, weakness_id`,
      [agreementId],
    );
    return { agreementId, entries: rows.map((r) => this.view(r, scope)) };
  }

  async register(body: RegisterWeaknessRequest, user: Principal, correlationId: string): Promise<WeaknessEntry> {
    const scope = await this.scopes.forLeadOffice(body.agreementId, user);
    const item = await this.items.ownItem(body.sourceItemId, user);
    if (item.agreement_id !== body.agreementId || item.category === null) {
      throw new ApplicationError('request.invalid', 'Only an annotated item of this agreement is promoted.', [
        {
          field: 'body.sourceItemId',
          reason:
            item.category === null ? 'the item has no cause annotation yet' : 'the item belongs to another agreement',
        },
      ]);
    }
    refuseIdentifyingText({ 'body.what': body.what, 'body.example': body.example });
    const data: WeaknessRegisteredData = {
      agreementId: body.agreementId,
      weaknessId: `w-${randomUUID()}`,
      kind: body.kind,
      what: body.what.trim(),
      party: item.party,
      organisationId: item.organisation_id,
      category: item.category,
      example: body.example.trim(),
      sourceItemId: item.item_id,
      registeredBy: this.actor(user),
      registeredAt: this.clock().toISOString(),
    };
    await this.append(body.agreementId, 'WeaknessRegistered', data, user, correlationId);
    const at = new Date(data.registeredAt);
    return this.view(
      {
        weakness_id: data.weaknessId,
        agreement_id: data.agreementId,
        kind: data.kind,
        what: data.what,
        party: data.party,
        organisation_id: data.organisationId,
        category: data.category,
        example: data.example,
        status: 'open',
        registered_by: data.registeredBy,
        registered_at: at,
        status_changed_by: data.registeredBy,
        status_changed_at: at,
        history: [{ status: 'open', changedBy: data.registeredBy, changedAt: data.registeredAt }],
      },
      scope,
    );
  }

  async changeStatus(
    weaknessId: string,
    body: ChangeWeaknessStatusRequest,
    user: Principal,
    correlationId: string,
  ): Promise<WeaknessEntry> {
    const [row]: RegisterRow[] = await this.ds.query(`SELECT * FROM weakness_register WHERE weakness_id = $1`, [
      weaknessId,
    ]);
    // Another agreement's entry answers like none: its id tells nothing about another network.
    const scope = row ? await this.scopes.forMember(row.agreement_id, user).catch(() => null) : null;
    if (!row || !scope) {
      throw new ApplicationError('weakness.not_found', `No register entry ${weaknessId}.`, [
        { field: 'path.weaknessId', reason: 'unknown entry' },
      ]);
    }
    await this.scopes.forLeadOffice(row.agreement_id, user);
    const data: WeaknessStatusChangedData = {
      agreementId: row.agreement_id,
      weaknessId,
      status: body.status,
      changedBy: this.actor(user),
      changedAt: this.clock().toISOString(),
    };
    await this.append(row.agreement_id, 'WeaknessStatusChanged', data, user, correlationId);
    return this.view(
      {
        ...row,
        status: data.status,
        status_changed_by: data.changedBy,
        status_changed_at: new Date(data.changedAt),
        history: [...row.history, { status: data.status, changedBy: data.changedBy, changedAt: data.changedAt }],
      },
      scope,
    );
  }

  private actor(user: Principal): Actor {
    return { id: user.id, role: actingRole(user.roles), organisationId: user.organisationId };
  }

  private async append(agreementId: string, type: string, data: unknown, user: Principal, correlationId: string) {
    await this.store.append(weaknessRegisterStreamId(agreementId), [
      { eventId: randomUUID(), type, schemaVersion: 1, data, metadata: metadataOf(user, correlationId) },
    ]);
  }

  private view(r: RegisterRow, scope: AgreementScope): WeaknessEntry {
    // Who acted shows as role and organisation: the register is read beyond the lead office.
    const actor = (a: Actor) => ({
      role: a.role,
      organisationId: a.organisationId,
      organisationName: scope.organisationNames.get(a.organisationId) ?? a.organisationId,
    });
    return {
      weaknessId: r.weakness_id,
      agreementId: r.agreement_id,
      kind: r.kind,
      what: r.what,
      party: r.party,
      organisationId: r.organisation_id,
      organisationName: scope.organisationNames.get(r.organisation_id) ?? r.organisation_id,
      category: r.category,
      categoryLabel: scope.causeCategories.find((c) => c.id === r.category)?.label ?? r.category,
      example: r.example,
      status: r.status,
      registeredBy: actor(r.registered_by),
      registeredAt: new Date(r.registered_at).toISOString(),
      statusChangedBy: actor(r.status_changed_by),
      statusChangedAt: new Date(r.status_changed_at).toISOString(),
      history: r.history.map((h) => ({
        status: h.status,
        changedBy: actor(h.changedBy),
        changedAt: new Date(h.changedAt).toISOString(),
      })),
    };
  }
}
