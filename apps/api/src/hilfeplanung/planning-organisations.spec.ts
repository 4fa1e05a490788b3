import { planningOrganisations } from './planning-organisations';

describe('planningOrganisations', () => {
  it('names the clinic and the Träger the discharge requested, and the Träger caring for the case', () => {
    expect(
      planningOrganisations([
        { type: 'CaseRegistered', data: { careProviderOrganisationId: 'org-traeger-a' } },
        { type: 'PartyNotified', data: { party: 'clinic', organisationId: 'org-kjp-ignored' } },
        {
          type: 'HilfeplanungRequested',
          data: {
            participants: [
              { party: 'youth_office', organisationId: 'org-ja' },
              { party: 'clinic', organisationId: 'org-kjp-b' },
              { party: 'provider', organisationId: 'org-traeger-a' },
              { party: 'guardian', organisationId: 'org-ja' },
            ],
          },
        },
      ]).sort(),
    ).toEqual(['org-kjp-b', 'org-traeger-a']);
  });

  it('names nobody outside the youth office for a planning without discharge or Träger', () => {
    expect(planningOrganisations([{ type: 'CaseRegistered', data: {} }])).toEqual([]);
  });
});
