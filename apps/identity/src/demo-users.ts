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
  // A neighbouring district's youth office, in no built-in agreement: shows organisation scoping
  // (it sees nothing of Lindenau's cases) and a district that joins by a published agreement.
  u(
    'fachkraft-nachbar',
    'u-jn-0001',
    'Herr Demir (Jugendamt Nachbarkreis)',
    ['caseworker'],
    'org-jugendamt-nachbarkreis',
  ),
];
