import { leadOrganisationOf } from './lead-organisation';

describe('the lead organisation of a case', () => {
  it('is the one the registration names, whoever wrote first', () => {
    expect(
      leadOrganisationOf([
        { type: 'CrisisTriggered', leadOrganisationId: null, actorOrganisationId: 'org-traeger-birkenhof' },
        { type: 'CaseRegistered', leadOrganisationId: 'org-jugendamt-lindenau', actorOrganisationId: 'org-x' },
      ]),
    ).toBe('org-jugendamt-lindenau');
  });

  it('is the organisation that opened the stream while the case is not registered', () => {
    expect(
      leadOrganisationOf([
        { type: 'CrisisTriggered', leadOrganisationId: null, actorOrganisationId: 'org-jugendamt-lindenau' },
      ]),
    ).toBe('org-jugendamt-lindenau');
  });

  it('does not exist for a case without events', () => {
    expect(leadOrganisationOf([])).toBeNull();
  });
});
