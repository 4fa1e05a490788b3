import type { CooperationAgreement } from '@hilfenetz/contracts';
import { lindenauAgreementV1 } from './lindenau.agreement';

/** Tests only: Lindenau with a second Träger that has its own route. */
export function withSecondTraeger(base: CooperationAgreement = lindenauAgreementV1): CooperationAgreement {
  return {
    ...base,
    version: '2027-lindenhof',
    organisations: [
      ...base.organisations,
      { id: 'org-traeger-lindenhof', name: 'Jugendhilfe Lindenhof', roles: ['provider'] },
    ],
    contacts: [
      ...base.contacts,
      {
        id: 'ct-tr-lindenhof-dienst',
        organisationId: 'org-traeger-lindenhof',
        kind: 'desk',
        label: 'Lindenhof Dienstzimmer',
        channels: [{ kind: 'in_app', address: 'org-traeger-lindenhof' }],
      },
      {
        id: 'ct-tr-lindenhof-ruf',
        organisationId: 'org-traeger-lindenhof',
        kind: 'on_call',
        label: 'Lindenhof Rufbereitschaft',
        channels: [{ kind: 'voice', address: '+4999990000' }],
      },
    ],
    parties: {
      ...base.parties,
      provider: {
        ...base.parties.provider,
        routesByOrganisation: [
          {
            organisationId: 'org-traeger-lindenhof',
            route: {
              firstContactId: 'ct-tr-lindenhof-dienst',
              ackDeadlineMinutes: 20,
              escalation: [{ kind: 'on_call', contactId: 'ct-tr-lindenhof-ruf', ackDeadlineMinutes: 20 }],
            },
          },
        ],
      },
    },
  };
}
