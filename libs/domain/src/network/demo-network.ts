import type { NetworkFoundedData, Offer, PartnerProfile } from '@hilfenetz/contracts';
import { deepFreeze } from '../deep-freeze';

/**
 * The demo network `npm start` shows (fictional, like all of Landkreis Lindenau): a Frühe-Hilfen
 * network (§3 KKG) coordinated by the Jugendamt's Koordinierungsstelle, three sub-networks as in
 * Stormarn, partners of the kinds the seeds name, their offers. The Hebammendienst's contact
 * (demo user kontakt-hebammen) has consented; the Jobcenter has no contact yet ("Kontakt fehlt").
 */
export const demoNetwork: Omit<NetworkFoundedData, 'foundedAt'> = {
  networkId: 'net-fruehe-hilfen-lindenau',
  name: 'Netzwerk Frühe Hilfen Lindenau',
  kind: 'fruehe_hilfen',
  region: 'Landkreis Lindenau',
  coordinatingOrganisationIds: ['org-jugendamt-lindenau'],
  subNetworks: [
    { subNetworkId: 'nord', name: 'Netzwerk Nord', region: 'Lindenau-Nord' },
    { subNetworkId: 'mitte', name: 'Netzwerk Mitte', region: 'Lindenau-Mitte' },
    { subNetworkId: 'sued', name: 'Netzwerk Süd', region: 'Lindenau-Süd' },
  ],
};

export interface DemoPartner {
  organisationId: string;
  profile: PartnerProfile;
  contact?: {
    details: {
      name: string;
      function: string;
      phone: string;
      email: string;
      hours: string;
      deputy?: { name: string; phone?: string; email?: string };
    };
    consentGivenOn: string;
  };
  offers: Offer[];
}

export const demoPartners: DemoPartner[] = [
  {
    organisationId: 'org-hebammendienst-lindenau',
    profile: {
      name: 'Hebammendienst Lindenau',
      kind: 'hebammendienst',
      targetGroups: ['schwangerschaft', 'familien_0_3'],
      region: 'Lindenau-Nord',
      subNetworkId: 'nord',
    },
    contact: {
      details: {
        name: 'Frau Kaya',
        function: 'Koordination Familienhebammen',
        phone: '07621 410-5210',
        email: 'kontakt-hebammen@hilfenetz.example',
        hours: 'Mo–Do 9–12 Uhr',
        deputy: { name: 'Frau Lindholm', phone: '07621 410-5211' },
      },
      consentGivenOn: '2026-01-15',
    },
    offers: [
      {
        title: 'Familienhebamme zu Hause',
        description:
          'Eine Hebamme besucht Sie zu Hause: in der Schwangerschaft und im ersten Lebensjahr Ihres Kindes. Sie hilft beim Stillen, Schlafen und bei allen Fragen rund um Ihr Baby.',
        targetGroups: ['schwangerschaft', 'familien_0_3'],
        region: 'Lindenau-Nord',
        place: 'Bei Ihnen zu Hause',
        howToReach: 'Anrufen: 07621 410-5200 (Mo–Fr 8–16 Uhr)',
        cost: 'kostenlos',
        languages: ['de', 'tr', 'ar'],
      },
    ],
  },
  {
    organisationId: 'org-schwangerschaftsberatung-lindenau',
    profile: {
      name: 'Schwangerschaftsberatung Lindenau',
      kind: 'schwangerschaftsberatung',
      targetGroups: ['schwangerschaft'],
      region: 'Lindenau-Mitte',
      subNetworkId: 'mitte',
    },
    offers: [
      {
        title: 'Beratung in der Schwangerschaft',
        description:
          'Sie sind schwanger und haben Fragen zu Geld, Arbeit, Wohnung oder Ihrer Situation? Wir beraten Sie vertraulich und helfen bei Anträgen.',
        targetGroups: ['schwangerschaft', 'alleinerziehende'],
        region: 'Lindenau-Mitte',
        place: 'Marktstraße 4, Lindenau',
        howToReach: 'Termin per Telefon 07621 410-6000 oder offene Sprechstunde dienstags 14–17 Uhr',
        cost: 'kostenlos',
        languages: ['de', 'en', 'ru'],
      },
    ],
  },
  {
    organisationId: 'org-familienbildung-lindenau',
    profile: {
      name: 'Familienbildungsstätte Lindenau',
      kind: 'familienbildung',
      targetGroups: ['familien_0_3', 'familien_3_6'],
      region: 'Lindenau-Süd',
      subNetworkId: 'sued',
    },
    offers: [
      {
        title: 'Eltern-Baby-Treff',
        description:
          'Jeden Mittwoch treffen sich Eltern mit Babys bis zu einem Jahr. Sie lernen andere Eltern kennen, eine Fachkraft beantwortet Fragen.',
        targetGroups: ['familien_0_3'],
        region: 'Lindenau-Süd',
        place: 'Familienzentrum Süd, Gartenweg 2',
        howToReach: 'Einfach vorbeikommen, mittwochs 10–11:30 Uhr',
        cost: 'kostenlos',
        languages: ['de', 'uk'],
      },
      {
        title: 'Babymassage-Kurs',
        description: 'Fünf Treffen für Eltern mit Babys von 6 Wochen bis 6 Monaten. Sie lernen, Ihr Baby zu massieren.',
        targetGroups: ['familien_0_3'],
        region: 'Lindenau-Süd',
        place: 'Familienzentrum Süd, Gartenweg 2',
        howToReach: 'Anmeldung per E-Mail an kurse@familienbildung.example',
        cost: '25 € (Ermäßigung möglich)',
        languages: ['de'],
      },
    ],
  },
  {
    organisationId: 'org-kinderarztpraxis-markt-lindenau',
    profile: {
      name: 'Kinderarztpraxis am Markt',
      kind: 'kinderarztpraxis',
      targetGroups: ['familien_0_3', 'familien_3_6', 'kinder_schulalter'],
      region: 'Lindenau-Mitte',
      subNetworkId: 'mitte',
    },
    offers: [],
  },
  {
    organisationId: 'org-jobcenter-lindenau',
    profile: {
      name: 'Jobcenter Lindenau',
      kind: 'jobcenter',
      targetGroups: ['alleinerziehende', 'familien_0_3'],
      region: 'Landkreis Lindenau',
    },
    offers: [],
  },
];

deepFreeze(demoNetwork);
deepFreeze(demoPartners);
