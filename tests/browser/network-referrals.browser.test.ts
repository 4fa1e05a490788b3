import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiCall } from './support/api';
import { launchBrowser, login, newUserContext, screenshot, seriousA11yViolations } from './support/browser';

jest.setTimeout(180_000);

const tag = randomUUID().slice(0, 8);
const networkId = `net-browser-ref-${tag}`;
const networkName = `Kooperation Lindenau (Vermittlung ${tag})`;
const HEBAMMEN = 'org-hebammendienst-lindenau';

/**
 * Issue 17 parts 5 and 6 in the browser, in German: the coordinating office refers a family to
 * the Hebammendienst's offer (refused without consent, sent with it) and asks for advice with a
 * name in the text (the server's reason shown at the field); the Hebammendienst accepts in its
 * inbox; the office sees „angenommen“ and erases the family's data („gelöscht“). Axe clean.
 */
describe('network: consultation without names, referral with consent, inbox, erasure', () => {
  let browser: Browser;
  let coordination: BrowserContext;
  let partner: BrowserContext;
  /** The office's tab: its session lives in it (sessionStorage). */
  let officePage: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    coordination = await newUserContext(browser);
    partner = await newUserContext(browser);
    await apiCall('koordination', 'POST', '/networks', {
      networkId,
      name: networkName,
      kind: 'cooperation',
      region: 'Landkreis Lindenau',
      coordinatingOrganisationIds: ['org-jugendamt-lindenau'],
    });
    await apiCall('koordination', 'POST', `/networks/${networkId}/partners`, {
      organisationId: HEBAMMEN,
      profile: {
        name: 'Hebammendienst Lindenau',
        kind: 'hebammendienst',
        targetGroups: ['familien_0_3'],
        region: 'Lindenau',
      },
    });
    await apiCall('kontakt-hebammen', 'POST', `/networks/${networkId}/offers`, {
      offer: {
        title: `Familienhebamme ${tag}`,
        description: 'Hausbesuche im ersten Lebensjahr.',
        targetGroups: ['familien_0_3'],
        region: 'Lindenau',
        place: 'Hausbesuch',
        howToReach: 'Zentrale 07621 410-5200',
        cost: 'kostenlos',
        languages: ['de'],
      },
    });
  });
  afterAll(async () => {
    await coordination?.close();
    await partner?.close();
    await browser?.close();
  });

  it('the coordinating office asks without names: a name is refused at the field, the anonymous text is sent', async () => {
    const page = await login(coordination, 'koordination', `/netzwerk?netz=${networkId}`);
    officePage = page;
    await page.getByRole('heading', { name: networkName }).waitFor();
    const form = page.getByRole('form', { name: 'Beratung anfragen' });
    await form.getByLabel('Thema').fill('Säugling, Mutter erschöpft');
    await form
      .getByLabel('Fallbeschreibung und Frage')
      .fill('Frau Kowalski wirkt bei den Hausbesuchen erschöpft. Reichen die Frühen Hilfen?');
    await form.getByRole('button', { name: 'Anfrage senden' }).click();
    await form.getByText(/Der Text enthält etwas, das wie ein Name aussieht/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'netzwerk-fallberatung-name-abgelehnt');
    await form
      .getByLabel('Fallbeschreibung und Frage')
      .fill('Eine Mutter wirkt bei den Hausbesuchen erschöpft. Reichen die Frühen Hilfen?');
    await form.getByRole('button', { name: 'Anfrage senden' }).click();
    await page.getByText('Ihre Anfrage ist gestellt.').waitFor();
    await page.getByRole('heading', { name: 'Säugling, Mutter erschöpft', level: 3 }).waitFor();
  });

  it('refers a family: refused without consent, sent with it; the partner accepts; the office erases the data', async () => {
    const page = officePage;
    const form = page.getByRole('form', { name: 'Familie vermitteln' });
    await form.getByRole('button', { name: /An welches Angebot/ }).click();
    await page.getByRole('option', { name: `Familienhebamme ${tag} (Hebammendienst Lindenau)` }).click();
    await form.getByLabel('Name der Familie oder Ansprechperson').fill(`Familie Sommer ${tag}`);
    await form.getByLabel('Anliegen der Familie').fill('Unterstützung beim Stillen und im Alltag mit dem Säugling.');
    await form.getByRole('button', { name: 'Vermittlung senden' }).click();
    await form.getByText(/Ohne Einwilligung keine Vermittlung/).waitFor();
    await form.getByRole('button', { name: /Wer hat eingewilligt/ }).click();
    await page.getByRole('option', { name: 'Mutter', exact: true }).click();
    await form.getByLabel('Kontaktdaten an den Partner weitergeben').check();
    await form.getByRole('button', { name: 'Vermittlung senden' }).click();
    await page.getByText('Die Vermittlung ist gesendet.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'netzwerk-vermittlung-gesendet');

    // The Hebammendienst's inbox (the list follows the projector by a moment; the open page
    // looks again every few seconds, no reload needed).
    const inbox = await login(partner, 'kontakt-hebammen', `/netzwerk?netz=${networkId}`);
    const entry = inbox.getByRole('article', { name: 'Vermittlung von org-jugendamt-lindenau' });
    await entry.getByText(`Familie Sommer ${tag}`).waitFor({ timeout: 90_000 });
    expect(await seriousA11yViolations(inbox)).toEqual([]);
    await screenshot(inbox, 'netzwerk-vermittlung-eingang');
    await entry.getByRole('button', { name: 'Annehmen' }).click();
    await inbox.getByText('Sie haben die Vermittlung angenommen.').waitFor();

    // The office sees the answer, nothing more, and erases the family's data.
    // The office's open page shows the answer when it looks again (every few seconds).
    const sent = () => page.locator('tr[data-referral]').first();
    await sent().getByText('angenommen').waitFor({ timeout: 90_000 });
    // Who opened the family's data: the Hebammendienst, when its inbox showed the referral.
    await sent().getByText('Wer hat die Daten geöffnet?').click();
    const readers = sent().getByRole('list', { name: 'Zugriffe auf die Daten der Familie' });
    await readers
      .getByText(/Hebammendienst Lindenau/)
      .first()
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'netzwerk-vermittlung-zugriffe');
    await sent().getByRole('button', { name: 'Daten der Familie löschen' }).click();
    await page.getByText('Die Daten der Familie sind gelöscht.').waitFor();
    await sent().getByText('gelöscht').waitFor({ timeout: 90_000 });
    expect(await page.getByText(`Familie Sommer ${tag}`).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'netzwerk-vermittlung-geloescht');
  });

  it('the register: a weakness with a name is refused at the field, an anonymous one is recorded; the annual report downloads', async () => {
    const page = officePage;
    const form = page.getByRole('form', { name: 'Schwachstelle eintragen' });
    await form.getByLabel('Was geht schief?').fill('Entlassung ohne Übergabe an die Nachsorge');
    await form.getByLabel('An welcher Schnittstelle?').fill('Geburtsklinik → Familienhebamme');
    await form.getByLabel('Beispiel ohne Namen').fill('Familie Sommer wurde am Wochenende entlassen.');
    await form.getByRole('button', { name: 'Eintragen' }).click();
    await form.getByText(/Der Text enthält etwas, das wie ein Name aussieht/).waitFor();
    await form.getByLabel('Beispiel ohne Namen').fill('Eine Familie wurde am Wochenende ohne Nachricht entlassen.');
    await form.getByRole('button', { name: 'Eintragen' }).click();
    await page.getByText(/Die Schwachstelle ist eingetragen/).waitFor();
    const card = page.getByRole('article', { name: 'Entlassung ohne Übergabe an die Nachsorge' });
    for (let i = 0; i < 40 && (await card.count()) === 0; i++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    await card.getByText('Status: offen', { exact: false }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /Jahresbericht \d{4} als PDF herunterladen/ }).click();
    expect((await download).suggestedFilename()).toMatch(/^jahresbericht-\d{4}\.pdf$/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'netzwerk-register-und-jahresbericht');
  });
});
