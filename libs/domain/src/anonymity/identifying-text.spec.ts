import { findIdentifyingData } from './identifying-text';

const kinds = (text: string) => findIdentifyingData(text).map((f) => f.kind);

describe('findIdentifyingData', () => {
  it.each([
    'Rufbereitschaft war nicht besetzt, Dienstplan der Nacht hatte eine Lücke.',
    'Kontaktdaten der Klinik im Vertrag veraltet; die Nummer des Bereitschaftsdienstes hatte sich geändert.',
    'Zuständigkeit nach §8a Abs. 4 und § 4 KKG missverstanden, Träger dachte, das Jugendamt ruft an.',
    'SMS-Gateway 24/7 gestört, E-Mail kam nach 3 Stunden an.',
    'Die Klinik Nord und der Träger Birkenhof sprechen sich im Mai ab.',
  ])('finds nothing in an anonymous note: %s', (text) => {
    expect(findIdentifyingData(text)).toEqual([]);
  });

  it.each([
    ['Frau Kowalski war nicht erreichbar', 'name'],
    ['Rückruf durch Dr. Meier kam zu spät', 'name'],
    ['Lena Schmidt wurde nicht abgeholt', 'name'],
    ['Mutter Schulz hat nicht geöffnet', 'name'],
    ['Jonas S. wartete zwei Stunden', 'name'],
    ['geboren am 04.03.2012', 'date'],
    ['Termin 2026-12-03 verpasst', 'date'],
    ['am 3. Dezember niemand im Dienst', 'date'],
    ['wohnt Lindenstraße 12', 'address'],
    ['Hausbesuch in 04109 Leipzig', 'address'],
    ['Handy 0171 2345678 war aus', 'phone'],
    ['unter +49 341 123456 angerufen', 'phone'],
    ['Mail an jugendamt@lindenau.example ging zurück', 'email'],
    ['betrifft FALL-QB-1a2b3c4d', 'case_reference'],
    ['siehe Az. 51 12', 'case_reference'],
    ['Fall jugendamt-lindenau.A-2026-17', 'case_reference'],
    ['Vorgang 4711815', 'case_reference'],
  ])('finds what identifies in "%s" (%s)', (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it('names every kind it finds once, in a fixed order, in German, without repeating the text', () => {
    const findings = findIdentifyingData('Frau Kowalski, Lindenstraße 12, Tel. 0171 2345678, geb. 04.03.2012');
    expect(findings.map((f) => f.kind)).toEqual(['name', 'date', 'address', 'phone']);
    for (const f of findings) {
      expect(f.reason).toMatch(/^enthält /);
      expect(f.reason).not.toContain('Kowalski');
    }
  });
});
