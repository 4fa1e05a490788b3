import type {
  CooperationAgreement,
  GuardianDetails,
  HilfeplanungRecipient,
  PlanningParty,
  ResolveHilfeplanungRecipientsInput,
  ResolveHilfeplanungRecipientsResult,
  SendHilfeplanungMessageInput,
  SendHilfeplanungMessageResult,
} from '@hilfenetz/contracts';
import {
  agreementForLeadOffice,
  agreementInForceFor,
  builtInSignatures,
  governsAt,
  type SignedVersion,
  caseStreamId,
  emptyCaseFacts,
  foldCaseFacts,
  guardiansOf,
  knownAgreements,
  planningOrganisationsOf,
} from '@hilfenetz/domain';
import { ApplicationFailure } from '@temporalio/activity';
import { planningMessage, type PlanningAudience } from './hilfeplanung-message.de';
import type { NotificationDeps } from './notification.activities';

export interface HilfeplanungMessageDeps extends Pick<
  NotificationDeps,
  'eventStore' | 'vault' | 'channels' | 'appUrl' | 'agreementVersions'
> {
  clock?: () => Date;
}

/** The versions shipped with the code, signed by all their partners (ADR 0015). */
const builtInVersions = (): Promise<readonly SignedVersion[]> =>
  Promise.resolve(knownAgreements.map((agreement) => ({ agreement, acts: builtInSignatures(agreement) })));

const YOUNG_PERSON = 'case-file:young-person';
const GUARDIAN = /^case-file:guardian:(g-[A-Za-z0-9-]{4,60})$/;

/**
 * An organisation's recipients for planning mail: its desk contacts' e-mail channels (function
 * mailboxes); an organisation without a desk mailbox gets a text message on its first desk number.
 */
export function organisationRecipients(
  agreement: CooperationAgreement,
  organisationId: string,
  party: PlanningParty,
): HilfeplanungRecipient[] {
  const desks = agreement.contacts.filter((c) => c.organisationId === organisationId && c.kind === 'desk');
  const mail = desks.flatMap((c) =>
    c.channels
      .filter((ch) => ch.kind === 'email')
      .map((ch) => ({
        party,
        recipientId: c.id,
        recipientLabel: c.label,
        channel: 'email' as const,
        address: ch.address,
      })),
  );
  if (mail.length > 0) return mail;
  for (const c of desks) {
    const phone = c.channels.find((ch) => ch.kind === 'phone');
    if (phone) return [{ party, recipientId: c.id, recipientLabel: c.label, channel: 'phone', address: phone.address }];
  }
  return [];
}

/**
 * Sending the Hilfeplanung's messages (issue 11 §4), two activities: whom (ids and the agreement's
 * function addresses; family members as places in the case file) and one send per recipient. The
 * send opens what only the case file knows (a guardian's number or address, the young person's
 * contact sealed with the caseworker's choice) itself: nothing personal enters the workflow history.
 */
export function createHilfeplanungMessageActivities(deps: HilfeplanungMessageDeps) {
  const clock = deps.clock ?? (() => new Date());
  const agreementVersions = deps.agreementVersions ?? builtInVersions;
  const caseEvents = (caseId: string) => deps.eventStore.readStream(caseStreamId(caseId));

  /**
   * The agreement the case's lead office works under now, signed by all its partners; before the
   * case is registered, the governing agreement a taking-part organisation is in.
   */
  async function agreementOf(
    leadOrganisationId: string | null,
    organisations: string[],
  ): Promise<CooperationAgreement | null> {
    const versions = await agreementVersions();
    const now = clock().toISOString();
    if (leadOrganisationId) {
      try {
        return agreementForLeadOffice(leadOrganisationId, now, versions);
      } catch {
        return null; // the lead office is in no agreement in force: nobody to write to
      }
    }
    const governing = versions.filter((v) => governsAt(v, now)).map((v) => v.agreement);
    for (const org of organisations) {
      try {
        return agreementInForceFor(org, now, governing);
      } catch {
        // not in an agreement in force: try the next
      }
    }
    return null;
  }

  return {
    async resolveHilfeplanungRecipients(
      input: ResolveHilfeplanungRecipientsInput,
    ): Promise<ResolveHilfeplanungRecipientsResult> {
      const events = await caseEvents(input.caseId);
      const facts = foldCaseFacts(emptyCaseFacts(input.caseId), events);
      const orgs = planningOrganisationsOf(facts);
      const agreement = await agreementOf(facts.leadOrganisationId, [...orgs.clinic, ...orgs.provider]);
      const recipients: HilfeplanungRecipient[] = [];
      const unresolved: ResolveHilfeplanungRecipientsResult['unresolved'] = [];
      for (const party of input.parties) {
        if (party === 'clinic' || party === 'provider') {
          if (orgs[party].length === 0 || !agreement) {
            unresolved.push({ party, recipientId: `party:${party}`, recipientLabel: PARTY_LABEL[party] });
            continue;
          }
          for (const org of orgs[party]) {
            const found = organisationRecipients(agreement, org, party);
            if (found.length > 0) recipients.push(...found);
            else unresolved.push({ party, recipientId: org, recipientLabel: orgName(agreement, org) });
          }
        } else if (party === 'guardian' && input.guardian !== 'none') {
          const guardians = guardiansOf(events);
          if (guardians.length === 0) {
            unresolved.push({
              party,
              recipientId: 'guardian',
              recipientLabel: 'Sorgeberechtigte (keine in der Fallakte)',
            });
          }
          for (const g of guardians) {
            recipients.push({
              party,
              recipientId: `guardian:${g.guardianId}`,
              recipientLabel: `Sorgeberechtigte Person ${g.position}`,
              channel: input.guardian,
              address: `case-file:guardian:${g.guardianId}`,
            });
          }
        } else if (party === 'young_person' && input.youngPerson !== 'none') {
          recipients.push({
            party,
            recipientId: 'young-person',
            recipientLabel: 'Junger Mensch',
            channel: input.youngPerson,
            address: YOUNG_PERSON,
          });
        }
        // youth_office: the office writes the invitation itself; the family on 'none' is invited otherwise.
      }
      return { recipients, unresolved };
    },

    async sendHilfeplanungMessage(input: SendHilfeplanungMessageInput): Promise<SendHilfeplanungMessageResult> {
      const { recipient } = input;
      const channel = deps.channels.find((c) => c.kind === recipient.channel);
      if (!channel) return { outcome: 'not_configured', error: `channel ${recipient.channel} is not configured` };

      const events = await caseEvents(input.caseId);
      let address = recipient.address;
      let audience: PlanningAudience = 'organisation';
      const guardian = GUARDIAN.exec(address);
      if (guardian) {
        audience = 'guardian';
        const g = guardiansOf(events).find((x) => x.guardianId === guardian[1]);
        if (!g) return { outcome: 'no_address', error: 'the guardian is no longer in the case file' };
        const opened = await deps.vault.open<GuardianDetails>(g.details);
        if (opened.status !== 'available') return { outcome: 'no_address', error: 'the guardian data is erased' };
        const found = recipient.channel === 'email' ? opened.value.email : opened.value.phone;
        if (!found) return { outcome: 'no_address', error: `the guardian has no ${recipient.channel} address` };
        address = found;
      } else if (address === YOUNG_PERSON) {
        audience = 'young_person';
        if (!input.youngPersonContact) return { outcome: 'no_address', error: 'no contact of the young person given' };
        const opened = await deps.vault.open<{ phone?: string; email?: string }>(input.youngPersonContact);
        if (opened.status !== 'available') return { outcome: 'no_address', error: 'the young person’s data is erased' };
        const found = recipient.channel === 'email' ? opened.value.email : opened.value.phone;
        if (!found) return { outcome: 'no_address', error: `no ${recipient.channel} address of the young person` };
        address = found;
      }
      // Agreements write numbers as people do ("+49 9999 4410-0"); gateways dial E.164.
      if (recipient.channel === 'phone') address = address.replace(/[\s\-/().]/g, '');

      const agreement = await agreementOf(foldCaseFacts(emptyCaseFacts(input.caseId), events).leadOrganisationId, []);
      const office = agreement?.organisations.find((o) => o.roles.includes('youth_office'));
      const desk = agreement?.contacts.find((c) => c.id === agreement.parties.youth_office.route.firstContactId);
      const body = planningMessage({
        kind: input.kind,
        audience,
        caseId: input.caseId,
        ...(input.meetingAt ? { meetingAt: input.meetingAt } : {}),
        ...(input.dueAt ? { dueAt: input.dueAt } : {}),
        place: office?.name ?? 'Jugendamt',
        officePhone: desk?.channels.find((ch) => ch.kind === 'phone')?.address ?? null,
        link: `${deps.appUrl}/faelle/${encodeURIComponent(input.caseId)}/hilfeplanung`,
      });
      try {
        const sent = await channel.send(
          {
            notificationId: input.messageId,
            caseId: input.caseId,
            crisisId: input.planningId,
            taskId: input.kind,
            reason: 'task_assigned',
            deadline: input.dueAt ?? null,
            contactLabel: recipient.recipientLabel,
            body,
          },
          address,
        );
        return { outcome: 'sent', ...(sent?.providerReference ? { providerReference: sent.providerReference } : {}) };
      } catch (err) {
        // Retried by Temporal; never the address or the text in the error (it enters the history).
        const reason = (err instanceof Error ? err.message : String(err)).slice(0, 300);
        throw ApplicationFailure.retryable(`channel ${recipient.channel} refused: ${reason}`, 'ChannelFailed');
      }
    },
  };
}

const PARTY_LABEL: Record<PlanningParty, string> = {
  clinic: 'Klinik',
  provider: 'Träger',
  youth_office: 'Jugendamt',
  guardian: 'Sorgeberechtigte',
  young_person: 'Junger Mensch',
};

const orgName = (agreement: CooperationAgreement, id: string) =>
  agreement.organisations.find((o) => o.id === id)?.name ?? id;
