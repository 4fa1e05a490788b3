import type { CooperationAgreement } from '@hilfenetz/contracts';

/**
 * Demo agreement of the fictional Landkreis Lindenau (organisation ids as in the demo identity
 * provider). Modelled on seed 002: the youth office leads, the Wohngruppe Birkenhof is the
 * provider, KJP St. Marien the clinic of first call with the Nordklinik behind it. Phone numbers
 * are from the fictional 09999 area.
 */
export const lindenauAgreementV1: CooperationAgreement = {
  agreementId: 'lindenau-krisenkooperation',
  version: '2026-1',
  region: 'Landkreis Lindenau',
  validFrom: '2026-01-01T00:00:00.000Z',
  organisations: [
    {
      id: 'org-jugendamt-lindenau',
      name: 'Kreisjugendamt Lindenau',
      roles: ['youth_office', 'youth_office_on_call', 'guardian_contact'],
      officeHours: {
        timeZone: 'Europe/Berlin',
        weekly: [
          { day: 1, opens: '08:00', closes: '16:00' },
          { day: 2, opens: '08:00', closes: '16:00' },
          { day: 3, opens: '08:00', closes: '16:00' },
          { day: 4, opens: '08:00', closes: '18:00' },
          { day: 5, opens: '08:00', closes: '12:30' },
        ],
        closedOn: ['2026-12-24', '2026-12-25', '2026-12-26', '2026-12-31', '2027-01-01'],
      },
    },
    { id: 'org-traeger-birkenhof', name: 'Wohngruppe Birkenhof (freier Träger)', roles: ['provider'] },
    { id: 'org-kjp-st-marien', name: 'Kinder- und Jugendpsychiatrie St. Marien', roles: ['clinic'] },
    { id: 'org-kjp-nordklinik', name: 'Kinder- und Jugendpsychiatrie Nordklinik', roles: ['clinic'] },
    { id: 'org-leitstelle-lindenau', name: 'Integrierte Leitstelle Lindenau', roles: ['ambulance_dispatch'] },
  ],
  contacts: [
    {
      id: 'ct-ja-asd-fallfuehrung',
      organisationId: 'org-jugendamt-lindenau',
      kind: 'desk',
      label: 'ASD – fallführende Fachkraft',
      channels: [
        { kind: 'in_app', address: 'inbox:org-jugendamt-lindenau/asd' },
        { kind: 'phone', address: '+49 9999 4410-0' },
      ],
    },
    {
      id: 'ct-ja-asd-teamleitung',
      organisationId: 'org-jugendamt-lindenau',
      kind: 'desk',
      label: 'ASD – Teamleitung',
      channels: [
        { kind: 'in_app', address: 'inbox:org-jugendamt-lindenau/asd-leitung' },
        { kind: 'phone', address: '+49 9999 4410-20' },
      ],
    },
    {
      id: 'ct-ja-bereitschaft',
      organisationId: 'org-jugendamt-lindenau',
      kind: 'on_call',
      label: 'Bereitschaftsdienst des Jugendamts',
      channels: [
        { kind: 'in_app', address: 'inbox:org-jugendamt-lindenau/bereitschaft' },
        { kind: 'phone', address: '+49 9999 4410-99' },
      ],
    },
    {
      id: 'ct-ja-bereitschaft-hintergrund',
      organisationId: 'org-jugendamt-lindenau',
      kind: 'on_call',
      label: 'Bereitschaftsdienst – Hintergrunddienst',
      channels: [{ kind: 'phone', address: '+49 9999 4410-98' }],
    },
    {
      id: 'ct-ja-fachaufsicht',
      organisationId: 'org-jugendamt-lindenau',
      kind: 'supervisor',
      label: 'Fachaufsicht ASD',
      channels: [
        { kind: 'in_app', address: 'inbox:org-jugendamt-lindenau/fachaufsicht' },
        { kind: 'phone', address: '+49 9999 4410-10' },
      ],
    },
    {
      id: 'ct-tr-birkenhof-gruppe',
      organisationId: 'org-traeger-birkenhof',
      kind: 'desk',
      label: 'Wohngruppe Birkenhof – Gruppendienst',
      channels: [
        { kind: 'in_app', address: 'inbox:org-traeger-birkenhof/gruppe' },
        { kind: 'phone', address: '+49 9999 5520-1' },
      ],
    },
    {
      id: 'ct-tr-birkenhof-rufbereitschaft',
      organisationId: 'org-traeger-birkenhof',
      kind: 'on_call',
      label: 'Birkenhof – Rufbereitschaft der Leitung',
      channels: [{ kind: 'phone', address: '+49 9999 5520-9' }],
    },
    {
      id: 'ct-kjp-marien-aufnahme',
      organisationId: 'org-kjp-st-marien',
      kind: 'desk',
      label: 'KJP St. Marien – Aufnahme',
      channels: [
        { kind: 'in_app', address: 'inbox:org-kjp-st-marien/aufnahme' },
        { kind: 'phone', address: '+49 9999 6630-0' },
      ],
    },
    {
      id: 'ct-kjp-marien-dienstarzt',
      organisationId: 'org-kjp-st-marien',
      kind: 'on_call',
      label: 'KJP St. Marien – ärztlicher Hintergrunddienst',
      channels: [{ kind: 'phone', address: '+49 9999 6630-77' }],
    },
    {
      id: 'ct-kjp-nord-aufnahme',
      organisationId: 'org-kjp-nordklinik',
      kind: 'desk',
      label: 'KJP Nordklinik – Aufnahme',
      channels: [
        { kind: 'in_app', address: 'inbox:org-kjp-nordklinik/aufnahme' },
        { kind: 'phone', address: '+49 9999 6640-0' },
      ],
    },
    {
      id: 'ct-ls-disposition',
      organisationId: 'org-leitstelle-lindenau',
      kind: 'desk',
      label: 'Leitstelle – Disposition Rettungsdienst',
      channels: [{ kind: 'in_app', address: 'inbox:org-leitstelle-lindenau/disposition' }],
    },
    {
      id: 'ct-ls-lagedienst',
      organisationId: 'org-leitstelle-lindenau',
      kind: 'on_call',
      label: 'Leitstelle – Lagedienstführung',
      channels: [{ kind: 'phone', address: '+49 9999 1120-0' }],
    },
    {
      // The guardians' own numbers live encrypted in the case file; the agreement only says who
      // tries to reach them (the ASD) and in which order.
      id: 'ct-sorge-kontakt-1',
      organisationId: 'org-jugendamt-lindenau',
      kind: 'guardian',
      label: 'Sorgeberechtigte – erste Kontaktangabe der Fallakte',
      channels: [{ kind: 'phone', address: 'case-file:guardian-contact-1' }],
    },
    {
      id: 'ct-sorge-kontakt-2',
      organisationId: 'org-jugendamt-lindenau',
      kind: 'guardian',
      label: 'Sorgeberechtigte – zweite Kontaktangabe der Fallakte',
      channels: [{ kind: 'phone', address: 'case-file:guardian-contact-2' }],
    },
  ],
  supervisorContactId: 'ct-ja-fachaufsicht',
  parties: {
    ambulance: {
      party: 'ambulance',
      actingRoles: ['ambulance_dispatch'],
      route: {
        firstContactId: 'ct-ls-disposition',
        ackDeadlineMinutes: 5,
        escalation: [{ kind: 'on_call', contactId: 'ct-ls-lagedienst', ackDeadlineMinutes: 5 }],
      },
      whenChainExhausted: 'supervisor',
    },
    clinic: {
      party: 'clinic',
      actingRoles: ['clinic_staff'],
      route: {
        firstContactId: 'ct-kjp-marien-aufnahme',
        ackDeadlineMinutes: 15,
        escalation: [
          { kind: 'on_call', contactId: 'ct-kjp-marien-dienstarzt', ackDeadlineMinutes: 15 },
          { kind: 'next_contact', contactId: 'ct-kjp-nord-aufnahme', ackDeadlineMinutes: 20 },
        ],
      },
      whenChainExhausted: 'supervisor',
    },
    youth_office: {
      party: 'youth_office',
      actingRoles: ['caseworker', 'on_call', 'supervisor'],
      route: {
        firstContactId: 'ct-ja-asd-fallfuehrung',
        ackDeadlineMinutes: 30,
        escalation: [
          { kind: 'next_contact', contactId: 'ct-ja-asd-teamleitung', ackDeadlineMinutes: 20 },
          { kind: 'on_call', contactId: 'ct-ja-bereitschaft', ackDeadlineMinutes: 20 },
        ],
      },
      outsideOfficeHours: {
        firstContactId: 'ct-ja-bereitschaft',
        ackDeadlineMinutes: 20,
        escalation: [{ kind: 'on_call', contactId: 'ct-ja-bereitschaft-hintergrund', ackDeadlineMinutes: 20 }],
      },
      whenChainExhausted: 'supervisor',
    },
    provider: {
      party: 'provider',
      actingRoles: ['provider_staff'],
      route: {
        firstContactId: 'ct-tr-birkenhof-gruppe',
        ackDeadlineMinutes: 30,
        escalation: [{ kind: 'on_call', contactId: 'ct-tr-birkenhof-rufbereitschaft', ackDeadlineMinutes: 30 }],
      },
      whenChainExhausted: 'supervisor',
    },
    guardian: {
      party: 'guardian',
      // Guardians have no account: the ASD records that (and when) they were reached.
      actingRoles: ['caseworker', 'on_call'],
      route: {
        firstContactId: 'ct-sorge-kontakt-1',
        ackDeadlineMinutes: 60,
        escalation: [
          { kind: 'next_contact', contactId: 'ct-sorge-kontakt-2', ackDeadlineMinutes: 60 },
          { kind: 'next_contact', contactId: 'ct-sorge-kontakt-1', ackDeadlineMinutes: 120 },
        ],
      },
      whenChainExhausted: 'document_unreachable',
    },
  },
  familyCourtDecision: {
    kind: 'family_court_decision',
    ownerParty: 'youth_office',
    actingRoles: ['caseworker', 'on_call', 'supervisor'],
    deadline: { kind: 'end_of_following_day' },
    legalBasis: '§ 1631b BGB, § 42 Abs. 5 SGB VIII',
  },
  notAdmittedFollowUps: ['outpatient_appointment', 'return_to_provider', 'crisis_service_contact'],
};
