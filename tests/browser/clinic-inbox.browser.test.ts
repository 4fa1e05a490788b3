import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { apiCall, newCaseId } from './support/api';
import {
  browserStack,
  choose,
  launchBrowser,
  login,
  newUserContext,
  screenshot,
  seriousA11yViolations,
} from './support/browser';

jest.setTimeout(120_000);

/**
 * Journeys 1 and 2 together, in two browsers at once: the caseworker triggers a crisis, the
 * clinic's open inbox shows it without a reload, the clinic acknowledges, the caseworker's board
 * shows that by itself; then admission, discharge, and a provider's decline with a reason.
 */
describe('clinic inbox and crisis board, live in two browsers', () => {
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

  it('caseworker triggers (keyboard only), clinic sees it live and acknowledges, the board follows', async () => {
    const caseId = newCaseId('LIVE');
    // A registered case: the Hilfeplanung after the discharge seals statements with its key.
    await apiCall('fachkraft', 'POST', '/cases', {
      caseId,
      youngPerson: { givenName: 'Jonas', familyName: 'Beispiel', dateOfBirth: '2010-09-12' },
    });
    const [caseworker, clinic] = await Promise.all([
      context().then((c) => login(c, 'fachkraft')),
      context().then((c) => login(c, 'klinik', '/aufgaben')),
    ]);

    // The clinic's inbox is open and live before anything happens.
    await clinic.getByRole('heading', { level: 1, name: 'Aufgaben' }).waitFor();
    await clinic.getByText('Live: neue Aufgaben erscheinen automatisch').waitFor();
    await choose(clinic.getByRole('radio', { name: 'Alle' }));
    await choose(clinic.getByRole('radio', { name: 'Offen' }));

    await caseworker.getByRole('heading', { level: 1, name: 'Krise auslösen' }).waitFor();
    await screenshot(caseworker, 'trigger-crisis');
    expect(await seriousA11yViolations(caseworker)).toEqual([]);

    // Trigger with the keyboard only: tab to each field, type, pick with arrows/space, submit with Enter.
    const location = 'Bahnhof Lindenau, Gleis 2';
    await triggerWithKeyboard(caseworker, caseId, location);
    await caseworker.getByRole('heading', { level: 1, name: `Krise im Fall ${caseId}` }).waitFor();
    // Where the young person is stands on the board, opened from its sealed form for the caseworker.
    await caseworker.locator('.situation__location', { hasText: location }).waitFor({ timeout: 45_000 });
    await caseworker.getByText('Alle Beteiligten werden jetzt gleichzeitig benachrichtigt').waitFor();
    const clinicTile = caseworker.locator('.board__party[data-party="clinic"]');
    await clinicTile.getByText('Wartet auf Bestätigung').waitFor({ timeout: 45_000 });
    await expectCountdown(clinicTile);
    await screenshot(caseworker, 'crisis-board-new');
    expect(await seriousA11yViolations(caseworker)).toEqual([]);

    // Without a reload, the task appears in the clinic's inbox, marked new and announced politely.
    const card = clinic.locator('li.task', { hasText: caseId });
    await card.waitFor({ timeout: 45_000 });
    await expect(card.getAttribute('class')).resolves.toContain('task--fresh');
    await card.getByText('Neu', { exact: true }).waitFor();
    await clinic
      .getByRole('status')
      .filter({ hasText: `Neue Krisenaufgabe: Fall ${caseId}` })
      .waitFor();
    await screenshot(clinic, 'clinic-inbox-new-task');
    expect(await seriousA11yViolations(clinic)).toEqual([]);

    // Acknowledge in one action, by keyboard only: Tab to the card's button, press Enter.
    const ack = card.getByRole('button', { name: 'Übernehmen und bestätigen' });
    await tabTo(clinic, ack);
    await clinic.keyboard.press('Enter');
    // The card stays in view, now taken, with the clinic's next steps.
    await card.getByText('Bestätigt', { exact: true }).first().waitFor();
    await clinic.getByText(`Aufgabe für Fall ${caseId} übernommen und bestätigt.`).first().waitFor();

    // The caseworker's board shows it by itself.
    await clinicTile.locator('.board__state', { hasText: 'Bestätigt' }).waitFor({ timeout: 15_000 });
    await clinicTile.getByText(/durch Klinik \(KJP\)/).waitFor();
    await caseworker.getByText(/1 von 5 Beteiligten/).waitFor();
    await screenshot(caseworker, 'crisis-board-acknowledged');

    // The clinic decides on admission and announces the discharge from the same card.
    const doneCard = card;
    await choose(doneCard.getByRole('radio', { name: /Aufgenommen \(freiwillig\)/ }));
    await doneCard.getByRole('button', { name: 'Entscheidung speichern' }).click();
    await doneCard.getByText('Aufnahmeentscheidung dokumentiert').waitFor();
    await caseworker.getByText('Aufgenommen in der Klinik').waitFor({ timeout: 15_000 });
    await screenshot(clinic, 'clinic-inbox-admission');
    expect(await seriousA11yViolations(clinic)).toEqual([]);

    await doneCard.getByRole('button', { name: 'Entlassung ankündigen' }).click();
    // The planning part's waiting sentence names the same words until the Hilfeplanung starts.
    await doneCard.getByText('Entlassung angekündigt', { exact: true }).waitFor();
    await caseworker.getByText('Entlassung angekündigt – Hilfeplanung folgt').waitFor({ timeout: 15_000 });
    await screenshot(caseworker, 'crisis-board-discharged');

    // The Hilfeplanung starts from the discharge; the clinic submits its statement on the same card…
    const statement = doneCard.getByLabel('Stellungnahme');
    await statement.waitFor({ timeout: 45_000 });
    await statement.fill('Entlassbericht: stabil, ambulante Nachsorge empfohlen.');
    await doneCard.getByRole('button', { name: 'Stellungnahme einreichen' }).click();
    await doneCard.getByText('eingereicht', { exact: true }).waitFor({ timeout: 15_000 });
    // …and confirms the meeting once the youth office has scheduled it.
    await apiCall('fachkraft', 'POST', `/cases/${caseId}/hilfeplanung/meeting`, {
      meetingAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    await doneCard.getByRole('button', { name: 'Teilnahme zusagen' }).click({ timeout: 15_000 });
    await doneCard.getByText('zugesagt', { exact: true }).waitFor({ timeout: 15_000 });
    await screenshot(clinic, 'clinic-inbox-hilfeplanung');
    expect(await seriousA11yViolations(clinic)).toEqual([]);
  });

  it('a provider declines with a reason and its category; the board shows the party escalated', async () => {
    const caseId = newCaseId('DECL');
    const { crisisId } = await apiCall<{ crisisId: string }>('fachkraft', 'POST', `/cases/${caseId}/crises`, {
      dangerKind: 'self',
      urgency: 'urgent',
    });
    const [provider, caseworker] = await Promise.all([
      context().then((c) => login(c, 'traeger', '/aufgaben')),
      context().then((c) => login(c, 'fachkraft', `/faelle/${caseId}/krisen/${crisisId}`)),
    ]);
    const card = provider.locator('li.task', { hasText: caseId });
    await card.waitFor({ timeout: 45_000 });
    await card.getByRole('button', { name: 'Ablehnen …' }).click();
    // An empty reason is refused next to the field, in German.
    await card.getByRole('button', { name: 'Ablehnung senden' }).click();
    await card.getByText(/Bitte kurz begründen/).waitFor();
    await card.getByLabel('Grund der Ablehnung').fill('Keine Fachkraft im Dienst');
    // The agreement's reason categories, in German, beside the free text (issue 18 §3).
    await choose(card.getByRole('radio', { name: 'Niemand erreichbar' }));
    await card.getByRole('button', { name: 'Ablehnung senden' }).click();
    await provider.getByText(`Aufgabe für Fall ${caseId} abgelehnt.`, { exact: false }).waitFor();
    const timeline = await apiCall<{ entries: { type: string; data: Record<string, unknown> }[] }>(
      'leitung',
      'GET',
      `/cases/${caseId}/timeline`,
    );
    expect(timeline.entries.find((e) => e.type === 'TaskDeclined')?.data.reasonCategory).toBe('no_one_reachable');

    const tile = caseworker.locator('.board__party[data-party="provider"]');
    await tile.getByText(/Eskaliert|Fachaufsicht alarmiert/).waitFor({ timeout: 20_000 });
    await screenshot(caseworker, 'crisis-board-declined');
  });

  it('the login page passes axe; the inbox says clearly when its live connection is gone', async () => {
    const c = await context();
    const start = await c.newPage();
    await start.goto(`${browserStack().webUrl}/aufgaben`);
    await start.getByRole('heading', { level: 1, name: 'Anmeldung' }).waitFor();
    await screenshot(start, 'login');
    expect(await seriousA11yViolations(start)).toEqual([]);
    await start.close();

    const page = await login(c, 'klinik', '/aufgaben');
    await page.getByText('Live: neue Aufgaben erscheinen automatisch').waitFor();
    await c.setOffline(true);
    await page.getByText(/Keine Live-Verbindung/).waitFor({ timeout: 20_000 });
    await screenshot(page, 'clinic-inbox-offline');
    await c.setOffline(false);
    await page.getByText('Live: neue Aufgaben erscheinen automatisch').waitFor({ timeout: 20_000 });
  });

  it('the caseworker cancels a false alarm with a reason', async () => {
    const caseId = newCaseId('CANC');
    const { crisisId } = await apiCall<{ crisisId: string }>('fachkraft', 'POST', `/cases/${caseId}/crises`, {
      dangerKind: 'others',
      urgency: 'soon',
    });
    const page = await context().then((c) => login(c, 'fachkraft', `/faelle/${caseId}/krisen/${crisisId}`));
    await page.getByText('Offen – das Krisenprotokoll läuft').waitFor({ timeout: 45_000 });
    await page.getByLabel('Grund für den Abbruch').fill('Irrtümlich ausgelöst, Jugendlicher ist zu Hause');
    await page.getByRole('button', { name: 'Abbrechen (Fehlalarm)' }).click();
    await page.getByText('Abgebrochen (Fehlalarm)').waitFor({ timeout: 15_000 });
  });
});

async function triggerWithKeyboard(page: Page, caseId: string, location: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Krise auslösen' }).waitFor();
  const caseField = page.getByLabel('Fall-Referenz');
  // From the page start, Tab reaches the form: skip link, navigation, logout, then the fields.
  for (let i = 0; i < 12 && !(await caseField.evaluate((el) => el === el.ownerDocument.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.type(caseId);
  await page.keyboard.press('Tab'); // first radio of "Gefährdung"
  await page.keyboard.press('ArrowDown'); // → Fremdgefährdung
  await page.keyboard.press('Tab'); // "Dringlichkeit": lands on the preselected "Sofort"
  await page.keyboard.press('Space'); // keeps Sofort
  await page.keyboard.press('Tab'); // where the young person is
  await page.keyboard.type(location);
  await page.keyboard.press('Tab'); // the short note
  await page.keyboard.type('Droht zu springen, Betreuerin vor Ort');
  await page.keyboard.press('Tab'); // the callback number, typed as people write it
  await page.keyboard.type('+49 231 1234567');
  await page.keyboard.press('Tab'); // the submit button
  await page.keyboard.press('Enter');
}

/** Presses Tab (at most 60 times) until `target` has the focus. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('could not reach the element with the Tab key');
}

async function expectCountdown(tile: Locator): Promise<void> {
  const first = await tile.getByText(/Eskalation in \d/).textContent();
  await new Promise((r) => setTimeout(r, 1_200));
  const later = await tile.getByText(/Eskalation in \d/).textContent();
  expect(later).not.toEqual(first);
}
