import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  networkReferralStreamId,
  sendReferralRequest,
  type NetworkReferralDecidedData,
  type NetworkReferralFamilyErasedData,
  type NetworkReferralSentData,
  type Principal,
  type ReferralDecision,
  type ReferralAccessLog,
  type ReferralFamily,
  type ReferralLists,
  type ReferralView,
} from '@hilfenetz/contracts';
import {
  consentToday,
  foldReferral,
  isCoordinator,
  isReferralOpen,
  mayDecideReferral,
  mayEraseReferral,
  maySeeFamily,
  maySeeReferral,
  referralKeyOwner,
  referralTimes,
  refuseConsentDate,
  refuseReferral,
  refuseUnlessMember,
  type NetworkState,
  type Referral,
} from '@hilfenetz/domain';
import { StreamVersionConflict, type PersonalDataVault, type TransactionalEventStore } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { actingRole } from '../auth/acting-role';
import { CLOCK, DATA_SOURCE, EVENT_STORE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { NetworkReferralWorkflow } from './network-referral-workflow.service';
import { NetworkStreamService, refuse } from './network-stream.service';

const gone = 'gelöscht';

/**
 * Referrals between partners (issue 17 part 6, docs/adr/0039): sent with the family's recorded
 * consent, the family sealed under a key of the referral's own, decided by the receiving partner
 * (its deadline watched by the `networkReferralWorkflow`), erased like a case's subject.
 */
@Injectable()
export class NetworkReferralsService {
  constructor(
    private readonly network: NetworkStreamService,
    private readonly workflow: NetworkReferralWorkflow,
    @Inject(EVENT_STORE) private readonly store: TransactionalEventStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async send(
    networkId: string,
    req: z.output<typeof sendReferralRequest>,
    user: Principal,
    correlationId: string,
  ): Promise<{ referralId: string }> {
    const { state } = await this.network.load(networkId);
    const refused = refuseReferral(state, user, req.toOrganisationId, req.offerId);
    if (refused) refuse(refused.refusal, refused.field);
    const now = this.clock().toISOString();
    const wrongDate = refuseConsentDate(req.consent.givenOn, consentToday(this.clock()));
    if (wrongDate) {
      throw new ApplicationError('network.consent_invalid', 'Das Datum der Einwilligung ist nicht gültig.', [
        { field: 'body.consent.givenOn', reason: wrongDate },
      ]);
    }
    const referralId = `nr-${randomUUID()}`;
    const subjectId = `subj-${randomUUID()}`;
    await this.vault.registerSubject(subjectId, referralKeyOwner(referralId));
    const { remindAt, respondBy } = referralTimes(now, req.respondWithinDays);
    const data: NetworkReferralSentData = {
      networkId,
      referralId,
      subjectId,
      fromOrganisationId: user.organisationId,
      toOrganisationId: req.toOrganisationId,
      offerId: req.offerId,
      family: await this.vault.seal(subjectId, req.family),
      consent: { ...req.consent, recordedBy: user.id },
      remindAt,
      respondBy,
      sentBy: this.actor(user),
      sentAt: now,
    };
    await this.store.append(
      networkReferralStreamId(referralId),
      this.network.toNew([{ type: 'NetworkReferralSent', data }], user, correlationId),
      'no_stream',
    );
    await this.workflow.start({ networkId, referralId, remindAt, respondBy, correlationId });
    return { referralId };
  }

  async lists(networkId: string, user: Principal): Promise<ReferralLists> {
    const { state } = await this.network.load(networkId);
    refuse(refuseUnlessMember(state, user));
    const rows: { referral_id: string }[] = await this.ds.query(
      `SELECT referral_id FROM network_referrals
        WHERE network_id = $1 AND (from_organisation_id = $2 OR to_organisation_id = $2 OR ($3 AND deadline_missed))
        ORDER BY sent_at DESC LIMIT 500`,
      [networkId, user.organisationId, isCoordinator(state, user)],
    );
    const lists: ReferralLists = { sent: [], received: [], missed: [] };
    for (const { referral_id } of rows) {
      const r = foldReferral(await this.store.readStream(networkReferralStreamId(referral_id)));
      if (!r || !maySeeReferral(state, user, r)) continue;
      const view = await this.view(state, r, user);
      if (r.sent.fromOrganisationId === user.organisationId) lists.sent.push(view);
      if (r.sent.toOrganisationId === user.organisationId) lists.received.push(view);
      if (isCoordinator(state, user) && r.deadlineMissed) lists.missed.push(view);
    }
    return lists;
  }

  async decide(
    networkId: string,
    referralId: string,
    decision: ReferralDecision,
    user: Principal,
    correlationId: string,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { referral, version } = await this.find(networkId, referralId, user);
      if (!mayDecideReferral(user, referral)) {
        throw new ApplicationError(
          'network.not_addressed',
          'Über diese Vermittlung entscheidet der aufnehmende Partner.',
          [{ field: 'path.referralId', reason: 'only the receiving partner accepts or declines' }],
        );
      }
      if (referral.erased) {
        throw new ApplicationError('network.referral_erased', 'Die Daten dieser Vermittlung sind gelöscht.', [
          { field: 'path.referralId', reason: 'erased' },
        ]);
      }
      if (referral.decision) {
        throw new ApplicationError('network.referral_decided', 'Über diese Vermittlung ist schon entschieden.', [
          { field: 'path.referralId', reason: `already ${referral.decision.decision}` },
        ]);
      }
      const data: NetworkReferralDecidedData = {
        networkId,
        referralId,
        decision,
        late: referral.deadlineMissed,
        decidedBy: this.actor(user),
        decidedAt: this.clock().toISOString(),
      };
      try {
        await this.store.append(
          networkReferralStreamId(referralId),
          this.network.toNew([{ type: 'NetworkReferralDecided', data }], user, correlationId),
          version,
        );
        break;
      } catch (err) {
        if (!(err instanceof StreamVersionConflict) || attempt >= 5) throw err;
      }
    }
    await this.workflow.closed(referralId);
  }

  /**
   * The family's data erased for good: the event and the key's destruction commit together
   * (`hilfenetz_erase_referral_key` refuses without the event of this transaction).
   */
  async erase(networkId: string, referralId: string, user: Principal, correlationId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { state, referral, version } = await this.find(networkId, referralId, user);
      if (!mayEraseReferral(state, user, referral)) {
        throw new ApplicationError(
          'network.not_your_partner',
          'Löschen darf der vermittelnde Partner oder die Koordination.',
          [{ field: 'path.referralId', reason: 'only the referring partner or the coordinating office erases' }],
        );
      }
      if (referral.erased) return;
      const data: NetworkReferralFamilyErasedData = {
        networkId,
        referralId,
        subjectId: referral.sent.subjectId,
        erasedBy: this.actor(user),
        erasedAt: this.clock().toISOString(),
      };
      const [event] = this.network.toNew([{ type: 'NetworkReferralFamilyErased', data }], user, correlationId);
      try {
        await this.ds.transaction(async (m) => {
          await this.store.lockStream(m, networkReferralStreamId(referralId));
          await this.store.appendInTransaction(m, networkReferralStreamId(referralId), [event!], version);
          await m.query(`SELECT hilfenetz_erase_referral_key($1, $2)`, [referral.sent.subjectId, event!.eventId]);
        });
        break;
      } catch (err) {
        if (!(err instanceof StreamVersionConflict) || attempt >= 5) throw err;
      }
    }
    await this.workflow.closed(referralId);
  }

  /**
   * Who opened the family's data, newest first: for the partner that recorded the family (it holds
   * the consent and answers the family's questions) and the coordinating office. The receiving
   * partner is told it is not its log; anyone else learns nothing of the referral.
   */
  async accessLog(networkId: string, referralId: string, user: Principal): Promise<ReferralAccessLog> {
    const { state, referral } = await this.load(networkId, referralId, user);
    const recorder = referral?.sent.fromOrganisationId === user.organisationId;
    if (!referral || !(recorder || isCoordinator(state, user))) {
      if (referral && maySeeReferral(state, user, referral)) {
        throw new ApplicationError(
          'access.forbidden',
          'Only the referring partner and the coordination read this log.',
          [{ field: 'path.referralId', reason: 'the referral’s access log is the referring partner’s' }],
        );
      }
      throw referralNotFound(referralId);
    }
    const rows: { reader_id: string; reader_role: string; reader_organisation_id: string; read_at: Date }[] =
      await this.ds.query(
        `SELECT reader_id, reader_role, reader_organisation_id, read_at FROM referral_access_log
          WHERE network_id = $1 AND referral_id = $2 ORDER BY id DESC LIMIT 500`,
        [networkId, referralId],
      );
    return {
      entries: rows.map((r) => ({
        readerId: r.reader_id,
        readerRole: r.reader_role,
        readerOrganisationId: r.reader_organisation_id,
        readAt: r.read_at.toISOString(),
      })),
    };
  }

  /** A referral of this network the caller may see; any other answers like none. */
  private async find(networkId: string, referralId: string, user: Principal) {
    const { state, referral, version } = await this.load(networkId, referralId, user);
    if (!referral || !maySeeReferral(state, user, referral)) throw referralNotFound(referralId);
    return { state, referral, version };
  }

  /** The network (the caller must be a member) and the referral, if it is one of this network. */
  private async load(networkId: string, referralId: string, user: Principal) {
    const { state } = await this.network.load(networkId);
    refuse(refuseUnlessMember(state, user));
    const events = await this.store.readStream(networkReferralStreamId(referralId));
    const folded = foldReferral(events);
    const referral = folded?.sent.networkId === networkId ? folded : null;
    return { state, referral, version: events.at(-1)?.streamVersion ?? 0 };
  }

  private async view(state: NetworkState, r: Referral, user: Principal): Promise<ReferralView> {
    let family: ReferralView['family'] = null;
    if (maySeeFamily(user, r)) {
      // Logged before the data is opened: a read that fails halfway is still on record.
      if (!r.erased) {
        await this.ds.query(
          `INSERT INTO referral_access_log (network_id, referral_id, reader_id, reader_role, reader_organisation_id)
           VALUES ($1, $2, $3, $4, $5)`,
          [r.sent.networkId, r.sent.referralId, user.id, actingRole(user.roles), user.organisationId],
        );
      }
      const opened = r.erased ? null : await this.vault.open<ReferralFamily>(r.sent.family);
      family =
        opened?.status === 'available'
          ? opened.value
          : { name: gone, phone: gone, email: gone, address: gone, children: gone, needs: gone };
    }
    return {
      referralId: r.sent.referralId,
      networkId: r.sent.networkId,
      fromOrganisationId: r.sent.fromOrganisationId,
      toOrganisationId: r.sent.toOrganisationId,
      offerId: r.sent.offerId,
      status: r.decision?.decision ?? 'open',
      sentAt: r.sent.sentAt,
      respondBy: r.sent.respondBy,
      reminded: r.reminded,
      deadlineMissed: r.deadlineMissed,
      decidedAt: r.decision?.decidedAt ?? null,
      family,
      erased: r.erased,
      consent: { givenBy: r.sent.consent.givenBy, givenOn: r.sent.consent.givenOn, scope: r.sent.consent.scope },
      callerMay: {
        decide: mayDecideReferral(user, r) && isReferralOpen(r),
        erase: mayEraseReferral(state, user, r) && !r.erased,
      },
    };
  }

  private actor(user: Principal) {
    return { id: user.id, role: actingRole(user.roles), organisationId: user.organisationId };
  }
}

const referralNotFound = (referralId: string) =>
  new ApplicationError('network.referral_not_found', `No referral ${referralId}.`, [
    { field: 'path.referralId', reason: 'unknown referral' },
  ]);
