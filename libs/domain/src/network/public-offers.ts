import type { Offer } from '@hilfenetz/contracts';

/**
 * The public offer page's search: region, target group and language match exactly (case-folded
 * for the region), the free search looks into title, description and place. Pure, so the same
 * rule holds wherever it is applied.
 */
export interface OfferFilter {
  region?: string;
  targetGroup?: string;
  language?: string;
  q?: string;
}

const fold = (s: string) => s.toLocaleLowerCase('de-DE').normalize('NFC').trim();

export function offerMatches(offer: Offer & { partnerName?: string }, f: OfferFilter): boolean {
  if (f.region && fold(offer.region) !== fold(f.region)) return false;
  if (f.targetGroup && !offer.targetGroups.includes(f.targetGroup as Offer['targetGroups'][number])) return false;
  if (f.language && !offer.languages.includes(f.language)) return false;
  if (f.q) {
    const needle = fold(f.q);
    const hay = fold([offer.title, offer.description, offer.place, offer.partnerName ?? ''].join(' '));
    if (!hay.includes(needle)) return false;
  }
  return true;
}
