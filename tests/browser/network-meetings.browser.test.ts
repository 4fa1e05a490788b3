import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiCall } from './support/api';
import { launchBrowser, login, newUserContext, screenshot, seriousA11yViolations } from './support/browser';

jest.setTimeout(180_000);

const tag = randomUUID().slice(0, 8);
const networkId = `net-browser-mtg-${tag}`;
const networkName = `Frühe Hilfen Lindenau (Treffen ${tag})`;
const HEBAMMEN = 'org-hebammendienst-lindenau';
const DAY = 86_400_000;

/** A datetime-local value (the browser's local time) `days` from now at 16:00. */
function localAt(days: number, hour = 16): string {
  const d = new Date(Date.now() + days * DAY);
  d.setHours(hour, 0, 0, 0);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * Issue 17 part 4 in the browser, in German: the coordinating office creates the meeting series
 * and a meeting ahead, the Hebammendienst proposes and votes a topic, the office sets the agenda;
 * a meeting held two days ago gets its attendance, minute-taker, minutes draft, approval and
 * dispatch; the partner reads the approved minutes and confirms their contact data. Axe clean.
 */
describe('network meetings: the coordinating office’s cycle and a partner voting and reading minutes', () => {
  let browser: Browser;
  let coordination: BrowserContext;
  let partner: BrowserContext;
  let office: Page;
  let hebammen: Page;
  const card = (page: Page, title: string) => page.getByRole('article', { name: new RegExp(title) });

  beforeAll(async () => {
    browser = await launchBrowser();
    coordination = await newUserContext(browser);
    partner = await newUserContext(browser);
    await apiCall('koordination', 'POST', '/networks', {
      networkId,
      name: networkName,
      kind: 'fruehe_hilfen',
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
    await apiCall('kontakt-hebammen', 'POST', `/networks/${networkId}/partners/${HEBAMMEN}/contact`, {
      details: {
        name: 'Frau Kaya',
        function: 'Koordination Familienhebammen',
        phone: '07621 410-5210',
        email: `hebammen.browser.${tag}@hebammen.example`,
        hours: 'Mo–Do 9–12 Uhr',
      },
      consent: { givenOn: new Date().toISOString().slice(0, 10), scope: ['network_directory', 'coordination_mail'] },
    });
  });
  afterAll(async () => {
    await coordination?.close();
    await partner?.close();
    await browser?.close();
  });

  it('the office creates the series and a meeting ahead; the invitation goes out', async () => {
    office = await login(coordination, 'koordination', `/netzwerk?netz=${networkId}`);
    await office.getByRole('heading', { name: networkName }).waitFor();
    const series = office.getByRole('form', { name: 'Treffenreihe anlegen' });
    await series.getByLabel('Name der Reihe').fill('Netzwerktreffen Frühe Hilfen');
    await series.getByRole('button', { name: 'Reihe anlegen' }).click();
    await office.getByText('Die Treffenreihe ist angelegt.').waitFor();

    const form = office.getByRole('form', { name: 'Treffen ansetzen' });
    await form.getByLabel('Titel').fill(`Frühjahrstreffen ${tag}`);
    await form.getByLabel('Beginn').fill(localAt(21));
    // The end before the start: the server names the field.
    await form.getByLabel('Ende').fill(localAt(20));
    await form.getByLabel('Raum (optional)').fill('Landratsamt, Raum 2.14');
    await form.getByLabel('Themen vorschlagen bis').fill(localAt(7));
    await form.getByRole('button', { name: 'Treffen ansetzen und einladen' }).click();
    await form.getByText('must be after startsAt').waitFor();
    expect(await seriousA11yViolations(office)).toEqual([]);
    await form.getByLabel('Ende').fill(localAt(21, 18));
    await form.getByRole('button', { name: 'Treffen ansetzen und einladen' }).click();
    await office.getByText('Das Treffen ist angesetzt; die Einladungen gehen an alle Kontaktpersonen.').waitFor();
    const meeting = card(office, `Frühjahrstreffen ${tag}`);
    for (let i = 0; i < 40 && !(await meeting.innerText()).includes('Einladung 1 versandt'); i++) {
      await office.waitForTimeout(500);
      await office.reload();
    }
    await meeting.getByText(/Einladung 1 versandt/).waitFor();
    await screenshot(office, 'netzwerk-treffen-angesetzt');
  });

  it('the partner proposes and votes a topic; the office votes and sets the agenda', async () => {
    hebammen = await login(partner, 'kontakt-hebammen', `/netzwerk?netz=${networkId}`);
    const meeting = card(hebammen, `Frühjahrstreffen ${tag}`);
    await meeting.getByLabel('Neues Thema').fill(`Übergänge Geburtsklinik ${tag}`);
    await meeting.getByRole('button', { name: 'Thema vorschlagen' }).click();
    await hebammen.getByText('Ihr Thema ist vorgeschlagen.').waitFor();
    await card(hebammen, `Frühjahrstreffen ${tag}`)
      .getByRole('button', { name: `Für „Übergänge Geburtsklinik ${tag}“ stimmen` })
      .click();
    await hebammen.getByText('Ihre Stimme ist gezählt.').waitFor();
    await card(hebammen, `Frühjahrstreffen ${tag}`)
      .getByText(/1 Stimme/)
      .waitFor();
    expect(await seriousA11yViolations(hebammen)).toEqual([]);
    await screenshot(hebammen, 'netzwerk-treffen-thema-abgestimmt');

    await office.reload();
    const mine = card(office, `Frühjahrstreffen ${tag}`);
    await mine.getByRole('button', { name: `Für „Übergänge Geburtsklinik ${tag}“ stimmen` }).click();
    await office.getByText('Ihre Stimme ist gezählt.').waitFor();
    const agenda = card(office, `Frühjahrstreffen ${tag}`).getByLabel('Tagesordnungspunkte (einer je Zeile)');
    await agenda.fill(`Begrüßung\nÜbergänge Geburtsklinik ${tag}`);
    await card(office, `Frühjahrstreffen ${tag}`).getByRole('button', { name: 'Tagesordnung speichern' }).click();
    await office.getByText('Die Tagesordnung ist gespeichert.').waitFor();
    await card(office, `Frühjahrstreffen ${tag}`).getByRole('listitem').filter({ hasText: 'Begrüßung' }).waitFor();
    expect(await seriousA11yViolations(office)).toEqual([]);
    await screenshot(office, 'netzwerk-treffen-tagesordnung');
  });

  it('a meeting held: attendance, minute-taker, draft, approval, dispatch; the partner reads the minutes', async () => {
    const form = office.getByRole('form', { name: 'Treffen ansetzen' });
    await form.getByRole('button', { name: /Art/ }).click();
    await office.getByRole('option', { name: 'Fachtag' }).click();
    await form.getByLabel('Titel').fill(`Fachtag ${tag}`);
    await form.getByLabel('Beginn').fill(localAt(-2, 9));
    await form.getByLabel('Ende').fill(localAt(-2, 15));
    await form.getByLabel('Themen vorschlagen bis').fill(localAt(-9));
    await form.getByRole('button', { name: 'Treffen ansetzen und einladen' }).click();
    await office.getByText(/Das Treffen ist angesetzt/).waitFor();
    const fachtag = () => card(office, `Fachtag ${tag}`);
    await fachtag().getByRole('checkbox', { name: 'Hebammendienst Lindenau' }).check();
    await fachtag().getByRole('button', { name: 'Anwesenheit speichern' }).click();
    await office.getByText('Die Anwesenheit ist gespeichert.').waitFor();
    await fachtag().getByRole('button', { name: 'Protokollführung festlegen' }).click();
    await office.getByText('Die Protokollführung ist festgelegt.').waitFor();
    await fachtag().getByLabel('Protokollentwurf').fill(`TOP 1: Übergaben besprochen ${tag}. TOP 2: Termine 2027.`);
    await fachtag().getByRole('button', { name: 'Entwurf speichern' }).click();
    await office.getByText('Der Entwurf ist gespeichert.').waitFor();
    await fachtag().getByRole('button', { name: 'Protokoll freigeben und versenden' }).click();
    await office.getByText('Das Protokoll ist freigegeben und wird an alle Partner versandt.').waitFor();
    for (let i = 0; i < 40 && !(await fachtag().innerText()).includes('Versandt'); i++) {
      await office.waitForTimeout(500);
      await office.reload();
    }
    await fachtag()
      .getByText(/Versandt/)
      .waitFor();
    expect(await seriousA11yViolations(office)).toEqual([]);
    await screenshot(office, 'netzwerk-treffen-protokoll-versandt');

    await hebammen.reload();
    await card(hebammen, `Fachtag ${tag}`)
      .getByText(`TOP 1: Übergaben besprochen ${tag}. TOP 2: Termine 2027.`)
      .waitFor();
    await hebammen.getByRole('button', { name: 'Meine Kontaktdaten sind aktuell' }).click();
    await hebammen.getByText('Danke, Ihre Kontaktdaten sind bestätigt.').waitFor();
    expect(await seriousA11yViolations(hebammen)).toEqual([]);
    await screenshot(hebammen, 'netzwerk-treffen-protokoll-partner');
  });
});
