import type { PartnerKind, TargetGroup } from '@hilfenetz/contracts';
import { pick, texts } from './language';

/** Whom an offer is for, in plain words (the public page is read by families). */
const TARGET_GROUPS = texts<Record<TargetGroup, string>>(
  {
    schwangerschaft: 'Schwangere und werdende Eltern',
    familien_0_3: 'Familien mit Kindern bis 3 Jahre',
    familien_3_6: 'Familien mit Kindern von 3 bis 6 Jahren',
    kinder_schulalter: 'Familien mit Schulkindern',
    jugendliche: 'Jugendliche',
    alleinerziehende: 'Alleinerziehende',
    fachkraefte: 'Fachkräfte',
  },
  {
    schwangerschaft: 'Pregnant women and expecting parents',
    familien_0_3: 'Families with children up to 3',
    familien_3_6: 'Families with children from 3 to 6',
    kinder_schulalter: 'Families with school children',
    jugendliche: 'Young people',
    alleinerziehende: 'Single parents',
    fachkraefte: 'Professionals',
  },
);

const PARTNER_KINDS = texts<Record<PartnerKind, string>>(
  {
    jugendamt: 'Jugendamt',
    traeger: 'Träger der Jugendhilfe',
    klinik: 'Klinik',
    psychotherapeutische_praxis: 'Psychotherapeutische Praxis',
    hebammendienst: 'Hebammendienst',
    schwangerschaftsberatung: 'Schwangerschaftsberatung',
    kinderarztpraxis: 'Kinderarztpraxis',
    jobcenter: 'Jobcenter',
    familienbildung: 'Familienbildung',
    fruehfoerderung: 'Frühförderung',
    gesundheitsamt: 'Gesundheitsamt',
    ehrenamt: 'Ehrenamtliches Angebot',
    sonstige: 'Sonstige',
  },
  {
    jugendamt: 'Youth welfare office',
    traeger: 'Youth welfare provider',
    klinik: 'Clinic',
    psychotherapeutische_praxis: 'Psychotherapy practice',
    hebammendienst: 'Midwife service',
    schwangerschaftsberatung: 'Pregnancy counselling',
    kinderarztpraxis: 'Paediatric practice',
    jobcenter: 'Jobcenter',
    familienbildung: 'Family education',
    fruehfoerderung: 'Early intervention',
    gesundheitsamt: 'Public health office',
    ehrenamt: 'Volunteer service',
    sonstige: 'Other',
  },
);

/** The languages offers are most often available in here; other codes are shown as sent. */
const LANGUAGES = texts<Record<string, string>>(
  {
    de: 'Deutsch',
    en: 'Englisch',
    tr: 'Türkisch',
    ar: 'Arabisch',
    ru: 'Russisch',
    uk: 'Ukrainisch',
    pl: 'Polnisch',
    fa: 'Persisch',
  },
  {
    de: 'German',
    en: 'English',
    tr: 'Turkish',
    ar: 'Arabic',
    ru: 'Russian',
    uk: 'Ukrainian',
    pl: 'Polish',
    fa: 'Persian',
  },
);

export const targetGroupLabel = (g: string): string => pick(TARGET_GROUPS)[g as TargetGroup] ?? g;
export const partnerKindLabel = (k: string): string => pick(PARTNER_KINDS)[k as PartnerKind] ?? k;
export const languageLabel = (code: string): string => pick(LANGUAGES)[code] ?? code;
export const knownLanguages = (): string[] => Object.keys(pick(LANGUAGES));
