import { Inject, Injectable } from '@nestjs/common';
import {
  ApplicationError,
  type PartnerContactConsentedData,
  type PartnerContactConsentWithdrawnData,
  type PartnerContactDetails,
  type PartnerContactDetailsChangedData,
  type Principal,
  type RecordPartnerContactRequest,
} from '@hilfenetz/contracts';
import {
  consentToday,
  contactKeyOwner,
  partnerOf,
  refuseConsentDate,
  refuseConsentWithdrawal,
  refuseContactRecording,
  refuseContactUpdate,
  type NetworkContact,
  type NetworkState,
} from '@hilfenetz/domain';
import { StreamVersionConflict, type PersonalDataVault } from '@hilfenetz/event-store';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CLOCK, DATA_SOURCE, PERSONAL_DATA_VAULT } from '../infrastructure/tokens';
import { ContactConfirmationWorkflow } from '../network-meetings/contact-confirmation-workflow.service';
import { NetworkStreamService, refuse } from './network-stream.service';

/**
 * The named contact of a partner (issue 17 part 2, docs/adr/0035): stored only with recorded
 * consent, their details sealed under a data-subject key of their own (the young people's vault),
 * updated by the contact themself, and shredded with their key when they withdraw consent.
 */
@Injectable()
export class PartnerContactsService {
  constructor(
    private readonly stream: NetworkStreamService,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: () => Date,
    private readonly confirmations: ContactConfirmationWorkflow,
  ) {}

  async record(
    networkId: string,
    organisationId: string,
    req: RecordPartnerContactRequest,
    user: Principal,
    correlationId: string,
  ): Promise<{ contactId: string }> {
    const wrongDate = refuseConsentDate(req.consent.givenOn, consentToday(this.clock()));
    if (wrongDate) {
      throw new ApplicationError('network.consent_invalid', 'The consent date is not valid.', [
        { field: 'body.consent.givenOn', reason: wrongDate },
      ]);
    }
    const contactId = `pc-${randomUUID()}`;
    const subjectId = `subj-${randomUUID()}`;
    const recorded = await this.stream.change(networkId, user, correlationId, async (state) => {
      refuse(refuseContactRecording(state, user, organisationId), 'path.organisationId');
      if (partnerOf(state, organisationId)!.contact) {
        throw new ApplicationError(
          'network.contact_exists',
          'This partner has a contact. They update their entry, or withdraw consent first.',
          [{ field: 'path.organisationId', reason: 'contact exists' }],
        );
      }
      // The key first: the event's ciphertext is sealed under it. Registering twice is a no-op.
      await this.vault.registerSubject(subjectId, contactKeyOwner(contactId));
      const data: PartnerContactConsentedData = {
        networkId,
        organisationId,
        contactId,
        subjectId,
        consent: { givenOn: req.consent.givenOn, scope: req.consent.scope, recordedBy: user.id },
        details: await this.vault.seal(subjectId, req.details),
        recordedAt: this.clock().toISOString(),
      };
      return { events: [{ type: 'PartnerContactConsented', data }], answer: { contactId } };
    });
    // The yearly confirmation starts with the consent (docs/adr/0038). The consent stands even if
    // Temporal is away for a moment: the API's start-up step starts any that is missing.
    await this.confirmations.ensureFor(networkId).catch(() => undefined);
    return recorded;
  }

  async update(
    networkId: string,
    organisationId: string,
    details: PartnerContactDetails,
    user: Principal,
    correlationId: string,
  ): Promise<void> {
    await this.stream.change(networkId, user, correlationId, async (state) => {
      refuse(refuseContactUpdate(state, user, organisationId), 'path.organisationId');
      const contact = this.contactOf(state, organisationId);
      const data: PartnerContactDetailsChangedData = {
        networkId,
        organisationId,
        contactId: contact.contactId,
        details: await this.vault.seal(contact.subjectId, details),
        changedAt: this.clock().toISOString(),
      };
      return { events: [{ type: 'PartnerContactDetailsChanged', data }], answer: undefined };
    });
  }

  /**
   * Consent withdrawn: the event and the key's destruction commit together (the key's function
   * refuses without the event of this transaction), so the log always says why a key is gone.
   */
  async withdraw(networkId: string, organisationId: string, user: Principal, correlationId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { state, version } = await this.stream.load(networkId);
      refuse(refuseConsentWithdrawal(state, user, organisationId), 'path.organisationId');
      const contact = this.contactOf(state, organisationId);
      const data: PartnerContactConsentWithdrawnData = {
        networkId,
        organisationId,
        contactId: contact.contactId,
        subjectId: contact.subjectId,
        withdrawnAt: this.clock().toISOString(),
      };
      const [event] = this.stream.toNew([{ type: 'PartnerContactConsentWithdrawn', data }], user, correlationId);
      try {
        await this.ds.transaction(async (m) => {
          await this.stream.appendInTransaction(m, networkId, [event!], version);
          await m.query(`SELECT hilfenetz_erase_contact_key($1, $2)`, [contact.subjectId, event!.eventId]);
        });
        return;
      } catch (err) {
        if (!(err instanceof StreamVersionConflict) || attempt >= 5) throw err;
      }
    }
  }

  private contactOf(state: NetworkState, organisationId: string): NetworkContact {
    const contact = partnerOf(state, organisationId)?.contact;
    if (!contact) {
      throw new ApplicationError('network.contact_missing', 'Kontakt fehlt: this partner has no consented contact.', [
        { field: 'path.organisationId', reason: 'no contact' },
      ]);
    }
    return contact;
  }
}
