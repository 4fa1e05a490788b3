import { Inject, Injectable } from '@nestjs/common';
import { ApplicationError, type ContactConfirmationStatus, type Principal } from '@hilfenetz/contracts';
import {
  foldContactConfirmations,
  foldNetwork,
  isCoordinator,
  networkStreamId,
  refuseContactUpdate,
  refuseUnlessMember,
} from '@hilfenetz/domain';
import type { TransactionalEventStore } from '@hilfenetz/event-store';
import { actingRole } from '../auth/acting-role';
import { CLOCK, EVENT_STORE } from '../infrastructure/tokens';
import { refuse } from '../networks/network-stream.service';
import { ContactConfirmationWorkflow } from './contact-confirmation-workflow.service';

/**
 * The yearly confirmation (docs/adr/0038): the contact person confirms their own entry; the
 * coordinating office sees every contact's status („Kontaktdaten unbestätigt“), a partner its own.
 */
@Injectable()
export class ContactConfirmationsService {
  constructor(
    private readonly workflow: ContactConfirmationWorkflow,
    @Inject(EVENT_STORE) private readonly store: TransactionalEventStore,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  private async load(networkId: string) {
    const events = await this.store.readStream(networkStreamId(networkId));
    const network = foldNetwork(events);
    if (!network) {
      throw new ApplicationError('network.not_found', `No network ${networkId}.`, [
        { field: 'path.networkId', reason: 'unknown network' },
      ]);
    }
    return { network, statuses: foldContactConfirmations(events) };
  }

  async list(networkId: string, user: Principal): Promise<ContactConfirmationStatus[]> {
    const { network, statuses } = await this.load(networkId);
    refuse(refuseUnlessMember(network, user), 'path.networkId');
    return isCoordinator(network, user) ? statuses : statuses.filter((s) => s.organisationId === user.organisationId);
  }

  async confirm(networkId: string, organisationId: string, user: Principal): Promise<void> {
    const { network, statuses } = await this.load(networkId);
    refuse(refuseContactUpdate(network, user, organisationId), 'path.organisationId');
    const status = statuses.find((s) => s.organisationId === organisationId);
    if (!status) {
      throw new ApplicationError('network.contact_missing', 'Kontakt fehlt: this partner has no consented contact.', [
        { field: 'path.organisationId', reason: 'no contact' },
      ]);
    }
    await this.workflow.confirm(
      networkId,
      organisationId,
      status.contactId,
      status.lastConfirmedAt,
      { id: user.id, role: actingRole(user.roles), organisationId: user.organisationId },
      this.clock().toISOString(),
    );
  }
}
