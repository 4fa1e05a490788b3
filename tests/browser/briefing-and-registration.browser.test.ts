import { lindenauCaseId } from '@hilfenetz/testing';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { apiCall, newCaseId } from './support/api';
import {
  browserStack,
  choose,
  launchBrowser,
  login,
  newUserContext,
  pickOption,
  screenshot,
  seriousA11yViolations,
} from './support/browser';

jest.setTimeout(150_000);

/** "14:35" in German time, `minutes` from now: what the Leitstelle types and the clinic reads. */
function clockIn(minutes: number): { typed: string; shown: RegExp } {
  const fmt = (d: Date) =>
    new Intl.DateTimeFormat('de-DE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(d);
  const at = new Date(Date.now() + minutes * 60_000);
  const typed = fmt(at);
  // The API adds whole minutes to its own clock: the minute typed, or the next one at a boundary.
  const next = fmt(new Date(at.getTime() + 60_000));
  return { typed, shown: new RegExp(`(${typed}|${next}) Uhr`) };
}

/**
 * Issue 11 in the browser: the caseworker registers a case with a guardian and triggers a crisis
 * for it; the Leitstelle's card shows where, how urgent and whom to call back, but no name; the
 * Leitstelle reports the dispatch with an ETA, and the clinic's card and the caseworker's board
 * show it without a reload.
 */
describe('briefings, dispatch and case registration', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const context = async () => {
    const c = await newUserContext(browser);
    contexts.push(c);
    return c;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
  });

  it('"Fall anlegen" with a guardian, then a crisis for that case', async () => {
    const caseId = newCaseId('REG');
    const { organisations } = await apiCall<{ organisations: { id: string; name: string; roles: string[] }[] }>(
      'fachkraft',
      'GET',
      '/organisations',
    );
    const provider = organisations.find((o) => o.roles.includes('provider'));
    if (!provider) throw new Error('the demo agreement names no Träger');

    const page = await context().then((c) => login(c, 'fachkraft'));
    await page.getByRole('navigation').getByRole('link', { name: 'Fall anlegen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fall anlegen' }).waitFor();

    await page.getByLabel('Fall-Referenz').fill(caseId);
    await pickOption(page, 'Träger', provider.name);
    await page.getByLabel('Vorname').fill('Mia');
    await page.getByLabel('Nachname').fill('Beispiel');
    await page.getByLabel('Geburtsdatum').fill('2011-03-04');
    await page.getByLabel('Anschrift (optional)').fill('Wohngruppe Birkenhof, Lindenau');

    await page.getByRole('button', { name: 'Sorgeberechtigte Person hinzufügen' }).click();
    const guardian = page.getByRole('group', { name: 'Sorgeberechtigte Person 1' });
    await guardian.getByLabel('Name').fill('Sabine Beispiel');
    await pickOption(page, 'Beziehung zum jungen Menschen', 'Mutter');
    // A number without the country code is refused next to the field, before anything is sent.
    await guardian.getByLabel('Mobilnummer').fill('0151 2345678');
    await page.getByRole('button', { name: 'Fall anlegen', exact: true }).click();
    await guardian.getByText(/Bitte die Nummer im internationalen Format angeben/).waitFor();
    await expect(guardian.getByLabel('Mobilnummer').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'register-case-field-error');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Typed as people write it, sent in E.164.
    await guardian.getByLabel('Mobilnummer').fill('+49 151 2345 6789');
    await guardian.getByLabel('E-Mail (optional)').fill('sabine.beispiel@example.org');
    await choose(guardian.getByRole('radio', { name: /^SMS/ }));
    await page.getByRole('button', { name: 'Fall anlegen', exact: true }).click();

    // The case page: the young person, the Träger by name, the guardian.
    await page.getByRole('heading', { level: 1, name: `Fall ${caseId}` }).waitFor();
    await page.getByText('Fall angelegt', { exact: true }).waitFor();
    await page.getByText('Mia Beispiel').waitFor();
    await page.getByText(provider.name).waitFor();
    const guardians = page.getByRole('region', { name: 'Sorgeberechtigte' });
    await guardians.getByRole('heading', { name: 'Sabine Beispiel' }).waitFor();
    await guardians.getByText('Mutter').waitFor();
    await guardians.getByRole('link', { name: '+4915123456789' }).waitFor();
    await screenshot(page, 'case-with-guardian');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The guardians stay changeable on the case: a new number, a second person, removed again.
    const sabine = guardians.getByRole('listitem').filter({ hasText: 'Sabine Beispiel' });
    await sabine.getByRole('button', { name: 'Ändern' }).click();
    await sabine.getByLabel('Mobilnummer').fill('+49 151 9876 5432');
    await sabine.getByRole('button', { name: 'Speichern' }).click();
    await guardians.getByText('Gespeichert.').waitFor();
    await guardians.getByRole('link', { name: '+4915198765432' }).waitFor();

    await guardians.getByRole('button', { name: 'Sorgeberechtigte Person hinzufügen' }).click();
    const added = guardians.getByRole('form', { name: 'Neue sorgeberechtigte Person' });
    await added.getByLabel('Name').fill('Thomas Beispiel');
    await pickOption(page, 'Beziehung zum jungen Menschen', 'Vater');
    await added.getByLabel('Mobilnummer').fill('+49 160 1112223');
    await added.getByRole('button', { name: 'Speichern' }).click();
    const thomas = guardians.getByRole('listitem').filter({ hasText: 'Thomas Beispiel' });
    await thomas.getByText('Vater').waitFor();
    await screenshot(page, 'case-two-guardians');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await thomas.getByRole('button', { name: 'Entfernen …' }).click();
    await thomas.getByRole('button', { name: 'Ja, austragen' }).click();
    await guardians.getByText('Ausgetragen.').waitFor();
    await thomas.waitFor({ state: 'detached' });

    // The API holds the guardian as entered and changed (sealed, opened for the lead office).
    const stored = await apiCall<{ guardians: { status: string; name?: string; phone?: string }[] }>(
      'fachkraft',
      'GET',
      `/cases/${caseId}`,
    );
    expect(stored.guardians).toEqual([
      expect.objectContaining({ status: 'available', name: 'Sabine Beispiel', phone: '+4915198765432' }),
    ]);

    // A crisis for this case: the trigger page opens with the reference filled in.
    await page.getByRole('link', { name: 'Krise für diesen Fall auslösen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Krise auslösen' }).waitFor();
    // The case file links with the stored id, office and reference (docs/adr/0024).
    await expect(page.getByLabel('Fall-Referenz').inputValue()).resolves.toBe(lindenauCaseId(caseId));
    await choose(page.getByRole('radio', { name: /^Selbstgefährdung/ }));
    await page.getByLabel(/Wo ist das Kind/).fill('Wohngruppe Birkenhof, Zimmer 4');
    await page.getByLabel('Ihre Rückrufnummer (optional)').fill('+49 231 1234567');
    await page.getByRole('button', { name: 'Krise jetzt auslösen' }).click();
    await page.getByRole('heading', { level: 1, name: `Krise im Fall ${caseId}` }).waitFor();
    await page
      .locator('.situation__location', { hasText: 'Wohngruppe Birkenhof, Zimmer 4' })
      .waitFor({ timeout: 45_000 });

    // The callback number is remembered for this user on this device.
    await page.getByRole('navigation').getByRole('link', { name: 'Krise auslösen' }).click();
    await expect(page.getByLabel('Ihre Rückrufnummer (optional)').inputValue()).resolves.toBe('+492311234567');
  });

  it('the Leitstelle sees where and whom to call, reports the ETA; the clinic and the board show it live', async () => {
    const caseId = newCaseId('ETA');
    await apiCall('fachkraft', 'POST', '/cases', {
      caseId,
      youngPerson: { givenName: 'Jonas', familyName: 'Beispielmann', dateOfBirth: '2010-09-12' },
    });
    const [dispatch, clinic] = await Promise.all([
      context().then((c) => login(c, 'leitstelle', '/aufgaben')),
      context().then((c) => login(c, 'klinik', '/aufgaben')),
    ]);
    await Promise.all(
      [dispatch, clinic].map((p) => p.getByText('Live: neue Aufgaben erscheinen automatisch').waitFor()),
    );

    const location = 'Bahnhof Lindenau, Gleis 2';
    const { crisisId } = await apiCall<{ crisisId: string }>('fachkraft', 'POST', `/cases/${caseId}/crises`, {
      dangerKind: 'others',
      urgency: 'immediate',
      location,
      note: 'Droht mit Messer, Betreuerin vor Ort',
      callbackPhone: '+492311234567',
    });
    const board = await context().then((c) => login(c, 'fachkraft', `/faelle/${caseId}/krisen/${crisisId}`));

    // The Leitstelle's card, live: location, danger, urgency, the caller with a callback link.
    const dispatchCard = dispatch.locator('li.task', { hasText: caseId });
    await dispatchCard.waitFor({ timeout: 45_000 });
    await briefingRow(dispatchCard, 'Ort').getByText(location).waitFor({ timeout: 20_000 });
    await briefingRow(dispatchCard, 'Gefährdung').getByText('Fremdgefährdung').waitFor();
    await briefingRow(dispatchCard, 'Dringlichkeit').getByText('Sofort').waitFor();
    const callback = briefingRow(dispatchCard, 'Ausgelöst von').getByRole('link', { name: /\+492311234567/ });
    await expect(callback.getAttribute('href')).resolves.toBe('tel:+492311234567');
    // Need-to-know: no name, no date of birth, no note for the ambulance.
    const dispatchText = (await dispatchCard.textContent()) ?? '';
    expect(dispatchText).not.toContain('Jonas');
    expect(dispatchText).not.toContain('Beispielmann');
    expect(dispatchText).not.toContain('Geburtsdatum');
    expect(dispatchText).not.toContain('Messer');
    await screenshot(dispatch, 'leitstelle-card-briefing');
    expect(await seriousA11yViolations(dispatch)).toEqual([]);

    // The clinic's card names the young person; the ambulance is not reported yet.
    const clinicCard = clinic.locator('li.task', { hasText: caseId });
    await clinicCard.waitFor({ timeout: 45_000 });
    await briefingRow(clinicCard, 'Name').getByText('Jonas Beispielmann').waitFor({ timeout: 20_000 });
    await briefingRow(clinicCard, 'Lage/Notiz').getByText('Droht mit Messer, Betreuerin vor Ort').waitFor();
    await briefingRow(clinicCard, 'Rettungsdienst').getByText('noch nicht gemeldet').waitFor();

    // The Leitstelle reports its operation number and the expected arrival on the card.
    const eta = clockIn(15);
    const reference = `E-2026-${Date.now() % 1_000_000}`;
    await dispatchCard.getByLabel('Einsatznummer').fill(reference);
    await dispatchCard.getByLabel('Voraussichtliche Ankunft (optional)').fill(eta.typed);
    await dispatchCard.getByRole('button', { name: 'Einsatz melden' }).click();
    await dispatchCard.getByText('Einsatz gemeldet', { exact: true }).waitFor();
    await screenshot(dispatch, 'leitstelle-dispatch-reported');

    // Without a reload, the clinic's card shows the dispatch and the ETA…
    const ambulanceRow = briefingRow(clinicCard, 'Rettungsdienst');
    await ambulanceRow.getByText(`Einsatznummer ${reference}`).waitFor({ timeout: 30_000 });
    await ambulanceRow.getByText(new RegExp(`voraussichtliche Ankunft ${eta.shown.source}`)).waitFor();
    await screenshot(clinic, 'clinic-card-eta');
    expect(await seriousA11yViolations(clinic)).toEqual([]);

    // …and so does the caseworker's board.
    await board
      .getByText(new RegExp(`Einsatz ${reference} · Ankunft ca\\. ${eta.shown.source}`))
      .waitFor({ timeout: 20_000 });
    await screenshot(board, 'crisis-board-eta');

    // The clinic opens the task page: the full briefing, live, with its actions.
    await clinicCard.getByRole('link', { name: /Aufgabe öffnen/ }).click();
    await clinic.getByRole('heading', { level: 1, name: `Aufgabe im Fall ${caseId}` }).waitFor();
    await briefingRow(clinic.locator('article.task'), 'Rettungsdienst')
      .getByText(`Einsatznummer ${reference}`)
      .waitFor();
    await clinic.getByRole('button', { name: 'Übernehmen und bestätigen' }).waitFor();
    await screenshot(clinic, 'clinic-task-page');
    expect(await seriousA11yViolations(clinic)).toEqual([]);
  });

  it('the guardian code page: plain, public, refuses a wrong code without telling anything', async () => {
    const c = await context();
    const page = await c.newPage();
    await page.goto(`${browserStack().webUrl}/bestaetigen`);
    await page.getByRole('heading', { level: 1, name: 'Nachricht bestätigen' }).waitFor();
    // No login, no navigation: only the code.
    expect(await page.getByRole('button', { name: 'Anmelden' }).count()).toBe(0);
    expect(await page.getByRole('navigation').count()).toBe(0);
    await screenshot(page, 'guardian-confirm');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const code = page.getByLabel('Code aus der Nachricht');
    await code.fill('12345');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await page.getByText('Bitte geben Sie die 6 Ziffern aus der Nachricht ein.').waitFor();

    await code.fill('000 000');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await page.getByText(/Dieser Code stimmt nicht oder ist abgelaufen/).waitFor({ timeout: 15_000 });
    await page.getByText(/Sie haben noch \d Versuche?\./).waitFor();
    await expect(code.getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'guardian-confirm-wrong-code');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Nothing about any case: no reference, no name.
    expect(await page.locator('main').textContent()).not.toMatch(/F-[A-Z]+-|Jonas|Mia|Sabine|Beispielmann/);
  });
});

/** One row of a briefing, by its German label. */
function briefingRow(scope: Locator, label: string): Locator {
  return scope
    .locator('.briefing__facts .facts__row')
    .filter({ has: scope.page().locator('dt', { hasText: new RegExp(`^${label}$`) }) });
}
