import type { Principal } from '@hilfenetz/contracts';
import { mayActFor, partyOf } from './planning-party';

const user = (role: Principal['roles'][number]): Principal => ({
  id: 'u',
  roles: [role],
  organisationId: 'o',
  displayName: 'x',
});

describe('who acts for which help-planning party', () => {
  it('maps roles to parties', () => {
    expect(partyOf(user('clinic_staff'))).toBe('clinic');
    expect(partyOf(user('provider_staff'))).toBe('provider');
    expect(partyOf(user('caseworker'))).toBe('youth_office');
    expect(partyOf(user('supervisor'))).toBeNull();
  });

  it('lets the youth office record the family’s answers, but the clinic only its own', () => {
    expect(mayActFor(user('caseworker'), 'guardian')).toBe(true);
    expect(mayActFor(user('caseworker'), 'young_person')).toBe(true);
    expect(mayActFor(user('caseworker'), 'clinic')).toBe(false);
    expect(mayActFor(user('clinic_staff'), 'clinic')).toBe(true);
    expect(mayActFor(user('clinic_staff'), 'provider')).toBe(false);
  });
});
