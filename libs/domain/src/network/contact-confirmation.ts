import type {
  ContactConfirmationRules,
  ContactConfirmationStatus,
  PartnerContactConsentedData,
} from '@hilfenetz/contracts';
import { deepFreeze } from '../deep-freeze';

/*
 * The yearly confirmation of a contact's data (issue 17 part 2, docs/adr/0038): asked once a year,
 * reminded twice two weeks apart, then „Kontaktdaten unbestätigt“ — shown, never erased.
 */
export const contactConfirmationDefaults: ContactConfirmationRules = {
  everyDays: 365,
  reminderAfterDays: 14,
  reminders: 2,
};

const DAY = 86_400_000;
export const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();

/** Every current contact's confirmation status, folded from the network's stream. */
export function foldContactConfirmations(
  events: readonly { type: string; data: unknown }[],
): ContactConfirmationStatus[] {
  const byContact = new Map<string, ContactConfirmationStatus>();
  for (const e of events) {
    const d = e.data as { contactId?: string; organisationId?: string };
    if (e.type === 'PartnerContactConsented') {
      const c = e.data as PartnerContactConsentedData;
      byContact.set(c.contactId, {
        organisationId: c.organisationId,
        contactId: c.contactId,
        status: 'confirmed',
        lastConfirmedAt: c.recordedAt,
      });
      continue;
    }
    const current = d.contactId ? byContact.get(d.contactId) : undefined;
    if (e.type === 'NetworkPartnerLeft') {
      for (const [id, c] of byContact) if (c.organisationId === d.organisationId) byContact.delete(id);
    }
    if (!current) continue;
    switch (e.type) {
      case 'PartnerContactConsentWithdrawn':
        byContact.delete(current.contactId);
        break;
      case 'PartnerContactConfirmationRequested':
        byContact.set(current.contactId, { ...current, status: 'requested' });
        break;
      case 'PartnerContactConfirmationOverdue':
        byContact.set(current.contactId, { ...current, status: 'unconfirmed' });
        break;
      case 'PartnerContactConfirmed':
        byContact.set(current.contactId, {
          ...current,
          status: 'confirmed',
          lastConfirmedAt: (e.data as { confirmedAt: string }).confirmedAt,
        });
        break;
    }
  }
  return [...byContact.values()];
}

deepFreeze(contactConfirmationDefaults);
