/**
 * A guard for free text that must stay anonymous (issue 18: cause notes and register entries of the
 * quality loop; issue 17: anonymous case consultations). It looks for what would let a reader find
 * a person or a case — a name-like phrase, a date, an address, a phone number, an e-mail address, a
 * case reference — and says what it found, in German, without repeating the text. It is a
 * heuristic that errs towards refusing: a writer can always rephrase, while a name once in the log
 * stays there. It cannot prove a text anonymous (a rare job title can identify too).
 */

export const identifyingKinds = ['name', 'date', 'address', 'phone', 'email', 'case_reference'] as const;
export type IdentifyingKind = (typeof identifyingKinds)[number];

export interface IdentifyingFinding {
  kind: IdentifyingKind;
  /** German, for the writer: what looks identifying (never the text itself). */
  reason: string;
}

const reasons: Record<IdentifyingKind, string> = {
  name: 'enthält etwas, das wie ein Name aussieht (z. B. Anrede oder Vorname mit Nachname)',
  date: 'enthält ein Datum (z. B. Geburtsdatum); bitte nur den Monat oder gar keine Zeitangabe nennen',
  address: 'enthält etwas, das wie eine Anschrift aussieht (Straße mit Hausnummer oder Postleitzahl mit Ort)',
  phone: 'enthält etwas, das wie eine Telefonnummer aussieht',
  email: 'enthält eine E-Mail-Adresse',
  case_reference: 'enthält etwas, das wie ein Aktenzeichen oder eine Fallnummer aussieht',
};

const upper = 'A-ZÄÖÜ';
const lower = 'a-zäöüß';
const word = `[${upper}][${lower}]+(?:-[${upper}][${lower}]+)?`;

/** Anrede, Titel or a family role before a capitalised word: "Frau Kowalski", "Dr. Meier", "Mutter Schulz". */
const honorificName = new RegExp(
  `(?:^|[^${upper}${lower}])(?:Herrn?|Frau|Fr\\.|Hr\\.|Dr\\.|Prof\\.|Familie|Fam\\.|Mutter|Vater|Oma|Opa|Tante|Onkel|Sohn|Tochter|Kindes?vater|Kindesmutter|Vormund(?:in)?)\\s+${word}`,
  'u',
);
/** An initial with a period after a capitalised word, or before one: "Lena S.", "L. Schmidt". */
const initialName = new RegExp(`(?:${word}\\s+[${upper}]\\.(?=\\s|$|[,;:!?)]))|(?:\\b[${upper}]\\.\\s?${word})`, 'u');

/**
 * Given names frequent among children and parents in Germany: followed by a capitalised word they
 * are read as a name. Lower-cased; the list only has to catch the common case.
 */
const givenNames = new Set(
  (
    'anna emma mia sophia sofia hannah hanna lena lea leah marie emilia lina ella clara klara laura lisa julia ' +
    'sarah sara maria katharina johanna luisa louisa amelie nele lara leonie jana nina sandra sabine petra ' +
    'andrea claudia stefanie susanne nicole melanie christina monika ursula birgit ' +
    'ben paul leon finn jonas noah elias luis louis felix lukas luca maximilian max henry emil anton jakob ' +
    'david tim tom niklas jan moritz julian alexander daniel michael thomas andreas stefan christian peter ' +
    'markus frank martin sebastian tobias florian matthias kevin dennis ali mehmet mohammed ahmed yusuf omar ' +
    'fatima ayse zeynep elif'
  ).split(' '),
);
const capitalisedPair = new RegExp(`(${word})\\s+(${word})`, 'gu');

const numericDate = /\b\d{1,2}\s?\.\s?\d{1,2}\s?\.(?:\s?\d{2,4})?(?!\d)/u;
const isoDate = /\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/u;
const monthNames =
  'Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez';
const dayAndMonth = new RegExp(`\\b\\d{1,2}\\.?\\s+(?:${monthNames})\\.?\\b`, 'u');

const street = new RegExp(
  `[${upper}${lower}-]*(?:straße|strasse|str\\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|markt)\\s*\\d+\\s?[a-z]?\\b`,
  'iu',
);
const postcodeAndPlace = new RegExp(`\\b\\d{5}\\s+${word}`, 'u');

const email = /[^\s@]+@[^\s@]+\.[a-z]{2,}/iu;
/** A phone number: a leading + or 0 and at least six more digits, with the usual separators. */
const phone = /(?:\+|\b0)\d[\d\s/()-]{4,}\d/u;

const caseReferenceWords = /\b(?:Az|AZ|Aktenzeichen|Fallnummer|Fall-Nr|Fallnr|Geschäftszeichen|Gz)\b\.?/u;
/** A token mixing letters and digits across a separator: "FALL-2024-17", "JA.4711", "KJP-12/3". */
const mixedReference = /\b(?=[A-Za-z0-9._/-]*\d)(?=[A-Za-z0-9._/-]*[A-Za-z])[A-Za-z0-9]+(?:[-_./][A-Za-z0-9]+)+\b/u;
/** Five digits or more in a row name something (a file number, a postcode, a phone). */
const longNumber = /\d{5,}/u;

/** §-references ("§8a", "§ 4 KKG") are law, not cases: they are removed before looking for references. */
const paragraphReference = /§+\s?\d+[a-z]?(?:\s?(?:Abs\.?|Absatz)\s?\d+)?/giu;

function looksLikeName(text: string): boolean {
  if (honorificName.test(text) || initialName.test(text)) return true;
  for (const m of text.matchAll(capitalisedPair)) {
    const first = (m[1] ?? '').toLowerCase().split('-')[0] ?? '';
    if (givenNames.has(first)) return true;
  }
  return false;
}

/**
 * What in `text` looks identifying, one finding per kind, in a fixed order; empty when nothing
 * does. Pure: no I/O, the same text always gives the same answer.
 */
export function findIdentifyingData(text: string): IdentifyingFinding[] {
  const withoutLaw = text.replace(paragraphReference, ' ');
  const found = new Set<IdentifyingKind>();
  if (email.test(text)) found.add('email');
  if (numericDate.test(withoutLaw) || isoDate.test(withoutLaw) || dayAndMonth.test(withoutLaw)) found.add('date');
  if (street.test(text) || postcodeAndPlace.test(text)) found.add('address');
  if (phone.test(withoutLaw)) found.add('phone');
  const withoutEmail = withoutLaw.replace(new RegExp(email.source, 'giu'), ' ');
  if (
    caseReferenceWords.test(withoutEmail) ||
    mixedReference.test(withoutEmail) ||
    (!found.has('phone') && !found.has('address') && longNumber.test(withoutEmail))
  ) {
    found.add('case_reference');
  }
  if (looksLikeName(text)) found.add('name');
  return identifyingKinds.filter((k) => found.has(k)).map((kind) => ({ kind, reason: reasons[kind] }));
}
