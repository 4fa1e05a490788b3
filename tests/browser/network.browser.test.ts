import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiCall } from './support/api';
import {
  browserStack,
  launchBrowser,
  login,
  newUserContext,
  screenshot,
  seriousA11yViolations,
} from './support/browser';

jest.setTimeout(180_000);

const tag = randomUUID().slice(0, 8);
const networkId = `net-browser-${tag}`;
const networkName = `Frühe Hilfen Lindenau (Browser ${tag})`;

/**
 * Issue 17 in the browser: the Hebammendienst's contact person enters herself (only with her
 * consent), updates her entry and publishes an offer; a family finds it on the public offer page
 * without logging in. Both pages in German, axe clean.
 */
describe('network: a partner keeps contact and offer; a family searches the public offer page', () => {
  let browser: Browser;
  let partner: BrowserContext;
  let family: BrowserContext;
  let coordination: BrowserContext;
  /** The contact person's tab: her session lives in it (sessionStorage). */
  let partnerPage: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    partner = await newUserContext(browser);
    family = await newUserContext(browser);
    coordination = await newUserContext(browser);
    // What the coordinating office did before: the network, the Hebammendienst and one more partner.
    await apiCall('koordination', 'POST', '/networks', {
      networkId,
      name: networkName,
      kind: 'fruehe_hilfen',
      region: 'Landkreis Lindenau',
      coordinatingOrganisationIds: ['org-jugendamt-lindenau'],
      subNetworks: [{ subNetworkId: 'nord', name: 'Netzwerk Nord', region: 'Lindenau-Nord' }],
    });
    for (const [organisationId, profile] of [
      [
        'org-hebammendienst-lindenau',
        {
          name: 'Hebammendienst Lindenau',
          kind: 'hebammendienst',
          targetGroups: ['schwangerschaft', 'familien_0_3'],
          region: 'Lindenau-Nord',
          subNetworkId: 'nord',
        },
      ],
      [
        `org-browser-${tag}-jobcenter`,
        {
          name: 'Jobcenter Lindenau',
          kind: 'jobcenter',
          targetGroups: ['alleinerziehende'],
          region: 'Landkreis Lindenau',
        },
      ],
    ] as const) {
      await apiCall('koordination', 'POST', `/networks/${networkId}/partners`, { organisationId, profile });
    }
  });
  afterAll(async () => {
    await partner?.close();
    await family?.close();
    await coordination?.close();
    await browser?.close();
  });

  it('the contact person enters herself with consent, updates her entry and publishes an offer', async () => {
    const page = await login(partner, 'kontakt-hebammen', `/netzwerk?netz=${networkId}`);
    partnerPage = page;
    await page.getByRole('heading', { name: networkName }).waitFor();
    const entry = page.getByRole('region', { name: 'Ihr Eintrag als Ansprechperson' });
    await entry.getByText('Kontakt fehlt. Tragen Sie sich ein').waitFor();

    await entry.getByLabel('Name', { exact: true }).fill(`Frau Kaya ${tag}`);
    await entry.getByLabel('Funktion').fill('Koordination Familienhebammen');
    await entry.getByLabel('Telefon', { exact: true }).fill('07621 410-5210');
    await entry.getByLabel('E-Mail').fill(`kaya.${tag}@hebammen.example`);
    await entry.getByLabel('Erreichbarkeit').fill('Mo–Do 9–12 Uhr');
    // No consent, no contact.
    await entry.getByRole('button', { name: 'Eintragen' }).click();
    await entry.getByText('Ohne Ihr Einverständnis speichern wir keine Kontaktdaten.').waitFor();
    await entry.getByLabel(/Ich bin einverstanden/).check();
    await entry.getByRole('button', { name: 'Eintragen' }).click();
    await page.getByText('Ihr Eintrag ist gespeichert.').waitFor();

    // The contact updates her own entry.
    const saved = page.getByRole('region', { name: 'Ihr Eintrag als Ansprechperson' });
    await saved.getByText(/Einverständnis vom \d{4}-\d{2}-\d{2}/).waitFor();
    await saved.getByLabel('Erreichbarkeit').fill('Mo–Fr 8–13 Uhr');
    await saved.getByRole('button', { name: 'Eintrag speichern' }).click();
    await page.getByText('Ihr Eintrag ist gespeichert.').waitFor();
    const directory = page.getByRole('table');
    await directory.locator('[data-organisation="org-hebammendienst-lindenau"]').getByText('Mo–Fr 8–13 Uhr').waitFor();
    await directory.locator(`[data-organisation="org-browser-${tag}-jobcenter"]`).getByText('Kontakt fehlt').waitFor();

    // A new offer, then a change to it.
    const newOffer = page.getByRole('form', { name: 'Neues Angebot' });
    await newOffer.getByLabel('Titel').fill(`Familienhebamme zu Hause ${tag}`);
    await newOffer
      .getByLabel('Was bieten Sie an?')
      .fill('Eine Hebamme besucht Sie zu Hause, in der Schwangerschaft und im ersten Lebensjahr.');
    await newOffer.getByLabel('Schwangere und werdende Eltern').check();
    await newOffer.getByLabel('Wo?').fill('Bei Ihnen zu Hause');
    await newOffer.getByLabel('So erreicht man Sie').fill('Anrufen: 07621 410-5200');
    await newOffer.getByLabel('Türkisch').check();
    await newOffer.getByRole('button', { name: 'Angebot veröffentlichen' }).click();
    const edit = page.getByRole('form', { name: `Angebot „Familienhebamme zu Hause ${tag}“ ändern` });
    await edit.waitFor();
    await edit.getByLabel('Kosten').fill('kostenlos, auch am Wochenende');
    await edit.getByRole('button', { name: 'Änderungen speichern' }).click();
    await page.getByText('Das Angebot ist geändert.').waitFor();

    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'netzwerk-ansprechperson-und-angebot');
  });

  it('a family finds the offer on the public page without logging in, and sees no person', async () => {
    const page = await family.newPage();
    await page.goto(`${browserStack().webUrl}/angebote`);
    await page.getByRole('heading', { name: 'Hilfe für Familien finden', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Anmelden' }).count()).toBe(0);
    await page.getByLabel('Für wen?').selectOption({ label: 'Schwangere und werdende Eltern' });
    await page.getByLabel('In welcher Sprache?').selectOption({ label: 'Türkisch' });
    await page.getByLabel(/Suchwort/).fill(tag);
    const result = page.getByRole('heading', { name: `Familienhebamme zu Hause ${tag}` });
    // The projector publishes the offer a moment after the partner did: search (at least once,
    // the page first lists every offer) until the filtered answer holds it.
    const found = page.getByRole('heading', { name: '1 Angebot gefunden' });
    for (let i = 0; i < 40; i++) {
      await page.getByRole('button', { name: 'Suchen' }).click();
      await page.waitForTimeout(500);
      if ((await result.count()) > 0 && (await found.count()) > 0) break;
    }
    await result.waitFor();
    await found.waitFor();
    const offer = page.getByRole('article', { name: `Familienhebamme zu Hause ${tag}` });
    await offer.getByText('Von: Hebammendienst Lindenau (Hebammendienst)').waitFor();
    await offer.getByText('kostenlos, auch am Wochenende').waitFor();
    await offer.getByText('Deutsch, Türkisch').waitFor();
    const text = await page.locator('main').innerText();
    expect(text).not.toContain('Frau Kaya');
    expect(text).not.toContain(`kaya.${tag}`);

    // A language nobody offers it in: said plainly.
    await page.getByLabel('In welcher Sprache?').selectOption({ label: 'Polnisch' });
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.getByRole('heading', { name: '0 Angebote gefunden' }).waitFor();
    await page.getByText('Zu Ihrer Suche gibt es leider kein Angebot.').waitFor();
    await page.getByLabel('In welcher Sprache?').selectOption({ label: 'Türkisch' });
    await page.getByRole('button', { name: 'Suchen' }).click();
    await result.waitFor();

    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'angebote-oeffentlich-suche');
  });

  it('the coordinating office admits a partner, reads the contact (logged) and removes a partner', async () => {
    const page = await login(coordination, 'koordination', `/netzwerk?netz=${networkId}`);
    await page.getByRole('heading', { name: networkName }).waitFor();
    await page.getByText('Sie koordinieren dieses Netzwerk.').waitFor();
    const directory = page.getByRole('table');
    // The Hebammendienst's contact, as she entered it: shown to the coordination.
    await directory
      .locator('[data-organisation="org-hebammendienst-lindenau"]')
      .getByText(`Frau Kaya ${tag}`)
      .waitFor();

    const admission = page.getByRole('form', { name: 'Partner aufnehmen' });
    await admission.getByLabel('Kennung der Organisation').fill(`org-browser-${tag}-praxis`);
    await admission.getByLabel('Name der Organisation').fill('Kinderarztpraxis am Markt');
    await admission.getByLabel('Art').selectOption({ label: 'Kinderarztpraxis' });
    await admission.getByLabel('Familien mit Kindern bis 3 Jahre').check();
    await admission.getByLabel('Region').fill('Lindenau-Nord');
    await admission.getByLabel('Teilnetzwerk').selectOption({ label: 'Netzwerk Nord' });
    await admission.getByRole('button', { name: 'Partner aufnehmen' }).click();
    await page.getByText('Kinderarztpraxis am Markt ist jetzt Partner im Netzwerk.').waitFor();
    await directory.locator(`[data-organisation="org-browser-${tag}-praxis"]`).getByText('Kontakt fehlt').waitFor();

    await page.getByRole('button', { name: 'Jobcenter Lindenau aus dem Netzwerk nehmen' }).click();
    await page.getByText('Jobcenter Lindenau ist nicht mehr Partner im Netzwerk.').waitFor();
    await directory.locator(`[data-organisation="org-browser-${tag}-jobcenter"]`).waitFor({ state: 'detached' });

    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'netzwerk-koordination');
  });

  it('the contact person withdraws her consent: her data is gone, the partner shows "Kontakt fehlt"', async () => {
    const page = partnerPage;
    await page.goto(`${browserStack().webUrl}/netzwerk?netz=${networkId}`);
    const entry = page.getByRole('region', { name: 'Ihr Eintrag als Ansprechperson' });
    await entry.getByRole('button', { name: 'Einverständnis widerrufen' }).click();
    await page.getByText('Ihr Einverständnis ist widerrufen. Ihre Kontaktdaten sind gelöscht.').waitFor();
    await entry.getByText('Kontakt fehlt. Tragen Sie sich ein').waitFor();
    await page
      .getByRole('table')
      .locator('[data-organisation="org-hebammendienst-lindenau"]')
      .getByText('Kontakt fehlt')
      .waitFor();
    expect(await page.locator('main').innerText()).not.toContain(`Frau Kaya ${tag}`);
    await screenshot(page, 'netzwerk-einverstaendnis-widerrufen');
  });
});
