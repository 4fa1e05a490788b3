import type { Role } from '@hilfenetz/contracts';

export interface DemoUser {
  username: string;
  /** Demo only: every seeded user has the password `demo`. Never used outside npm start and tests. */
  password: string;
  sub: string;
  name: string;
  roles: Role[];
  org: string;
}

const u = (username: string, sub: string, name: string, roles: Role[], org: string): DemoUser => ({
  username,
  password: 'demo',
  sub,
  name,
  roles,
  org,
});

/**
 * One user per role and organisation of the demo agreement (Landkreis Lindenau, fictional), and
 * one caseworker of a neighbouring district.
 */
export const demoUsers: DemoUser[] = [
  u('fachkraft', 'u-ja-0001', 'Frau Aydın (ASD)', ['caseworker'], 'org-jugendamt-lindenau'),
  u('bereitschaft', 'u-ja-0002', 'Herr Brandt (Bereitschaftsdienst)', ['on_call'], 'org-jugendamt-lindenau'),
  u('traeger', 'u-tr-0001', 'Frau Okafor (Wohngruppe Birkenhof)', ['provider_staff'], 'org-traeger-birkenhof'),
  u('klinik', 'u-kjp-0001', 'Herr Nowak (KJP St. Marien)', ['clinic_staff'], 'org-kjp-st-marien'),
  u('klinik-nord', 'u-kjp-0101', 'Frau Lindqvist (KJP Nordklinik)', ['clinic_staff'], 'org-kjp-nordklinik'),
  u('leitstelle', 'u-ls-0001', 'Herr Petrov (Leitstelle)', ['ambulance_dispatch'], 'org-leitstelle-lindenau'),
  u('leitung', 'u-ja-0100', 'Frau Engel (Fachaufsicht)', ['supervisor'], 'org-jugendamt-lindenau'),
  u('pruefung', 'u-ja-0200', 'Herr Vogt (Revision)', ['auditor'], 'org-jugendamt-lindenau'),
  u('admin', 'u-ja-0900', 'Frau Schulz (Administration)', ['administrator'], 'org-jugendamt-lindenau'),
  // Told of break-glass reads the supervisor judged unjustified or left unreviewed (docs/adr/0019).
  u(
    'datenschutz',
    'u-ja-0300',
    'Frau Albrecht (Datenschutzbeauftragte)',
    ['data_protection_officer'],
    'org-jugendamt-lindenau',
  ),
  // A neighbouring district's youth office, in no built-in agreement: shows organisation scoping
  // (it sees nothing of Lindenau's cases) and a district that joins by a published agreement.
  u(
    'fachkraft-nachbar',
    'u-jn-0001',
    'Herr Demir (Jugendamt Nachbarkreis)',
    ['caseworker'],
    'org-jugendamt-nachbarkreis',
  ),
  // Every organisation signs agreement versions through its own administrator (docs/adr/0015).
  u(
    'admin-birkenhof',
    'u-tr-0900',
    'Herr Krause (Administration Birkenhof)',
    ['administrator'],
    'org-traeger-birkenhof',
  ),
  u('admin-klinik', 'u-kjp-0900', 'Frau Roth (Administration St. Marien)', ['administrator'], 'org-kjp-st-marien'),
  u(
    'admin-klinik-nord',
    'u-kjp-0990',
    'Herr Sommer (Administration Nordklinik)',
    ['administrator'],
    'org-kjp-nordklinik',
  ),
  u(
    'admin-leitstelle',
    'u-ls-0900',
    'Frau Wolf (Administration Leitstelle)',
    ['administrator'],
    'org-leitstelle-lindenau',
  ),
  // A second Lindenau Träger, in no built-in agreement: joins by a version all partners sign.
  u('admin-lindenhof', 'u-tl-0900', 'Frau Haas (Administration Lindenhof)', ['administrator'], 'org-traeger-lindenhof'),
  u(
    'traeger-lindenhof',
    'u-tl-0001',
    'Herr Yilmaz (Jugendhilfe Lindenhof)',
    ['provider_staff'],
    'org-traeger-lindenhof',
  ),
  // The neighbouring district's administrator and a Träger there: the foreign side of the attacks.
  u(
    'admin-nachbar',
    'u-jn-0900',
    'Herr Lange (Administration Nachbarkreis)',
    ['administrator'],
    'org-jugendamt-nachbarkreis',
  ),
  u(
    'traeger-nachbar',
    'u-tn-0001',
    'Frau Berg (Jugendhilfe Nachbarkreis)',
    ['provider_staff'],
    'org-traeger-nachbarkreis',
  ),
];
