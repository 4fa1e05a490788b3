import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiCall, newCaseId } from './support/api';
import {
  browserStack,
  launchBrowser,
  login,
  newUserContext,
  screenshot,
  seriousA11yViolations,
} from './support/browser';

jest.setTimeout(180_000);

const htmlLang = (page: Page) => page.evaluate<string>('document.documentElement.lang');

/** The English interface: switched in the header, remembered, on every main screen, and back to German. */
describe('English interface', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const caseId = newCaseId('ENG');
  let crisisId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    await apiCall('fachkraft', 'POST', '/cases', {
      caseId,
      youngPerson: { givenName: 'Emma', familyName: 'Englischfall', dateOfBirth: '2010-06-01' },
    });
    ({ crisisId } = await apiCall<{ crisisId: string }>('fachkraft', 'POST', `/cases/${caseId}/crises`, {
      dangerKind: 'others',
      urgency: 'urgent',
      location: 'Wohngruppe Birkenhof, Zimmer 4',
    }));
    await apiCall('fachkraft', 'POST', `/cases/${caseId}/hilfeplanung`, {});
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
  });

  const context = async () => {
    const c = await newUserContext(browser);
    contexts.push(c);
    return c;
  };

  it('the caseworker switches to English; trigger, board, Hilfeplanung and timeline speak English', async () => {
    const page = await login(await context(), 'fachkraft');
    await page.getByRole('heading', { level: 1, name: 'Krise auslösen' }).waitFor();
    await expect(htmlLang(page)).resolves.toBe('de');
    // A message already shown follows the switch too.
    await page.getByRole('button', { name: 'Krise jetzt auslösen' }).click();
    await page.getByText('Bitte die Fall-Referenz angeben.').waitFor();

    await page.getByRole('group', { name: 'Sprache' }).getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trigger a crisis' }).waitFor();
    await expect(htmlLang(page)).resolves.toBe('en');
    await page.getByText('Please enter the case reference.').waitFor();
    await page.getByText('Please choose the kind of danger.').waitFor();
    await page.getByRole('button', { name: 'Trigger crisis now' }).waitFor();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Timeline' }).waitFor();
    await page.getByRole('radio', { name: /Danger to others/ }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await expect(page.getByRole('button', { name: 'English', pressed: true }).count()).resolves.toBe(1);
    await screenshot(page, 'english-trigger-crisis');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Remembered across a reload (localStorage), as on the next visit.
    await page.goto(`${browserStack().webUrl}/faelle/${caseId}/krisen/${crisisId}`);
    await page.getByRole('heading', { level: 1, name: `Crisis in case ${caseId}` }).waitFor();
    await expect(htmlLang(page)).resolves.toBe('en');
    await page.getByRole('heading', { name: 'Parties' }).waitFor();
    await page.locator('.board__party').first().waitFor({ timeout: 45_000 });
    await page.getByRole('heading', { name: 'Youth welfare office' }).waitFor();
    await page.getByRole('heading', { name: 'False alarm?' }).waitFor();
    await page.getByRole('button', { name: 'Cancel (false alarm)' }).waitFor();
    await screenshot(page, 'english-crisis-board');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.goto(`${browserStack().webUrl}/faelle/${caseId}/hilfeplanung`);
    await page.getByRole('heading', { level: 1, name: `Help planning in case ${caseId}` }).waitFor();
    await page.getByText('Help planning meeting to be scheduled').waitFor();
    await page.getByRole('heading', { name: 'Schedule the help planning meeting' }).waitFor();
    await page.getByRole('button', { name: 'Set date' }).waitFor();
    // The end reason: a React Aria Select with English choices.
    await page.getByRole('button', { name: 'Please choose Reason' }).click();
    await page.getByRole('option', { name: 'Goals reached', exact: true }).click();
    await page.getByRole('button', { name: 'Goals reached Reason' }).waitFor();
    await page.getByRole('button', { name: 'End help' }).waitFor();
    await screenshot(page, 'english-hilfeplanung');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Show the case timeline' }).click();
    await page.getByRole('heading', { level: 1, name: 'Timeline' }).waitFor();
    // The projection may lag a moment; the timeline reloads on request only.
    const deadline = Date.now() + 45_000;
    while ((await page.getByRole('heading', { name: 'Crisis triggered' }).count()) === 0) {
      if (Date.now() > deadline) throw new Error('the crisis never showed in the timeline');
      await new Promise((r) => setTimeout(r, 500));
      await page.getByRole('button', { name: 'Reload' }).click();
    }
    await page.getByRole('heading', { name: 'Events' }).waitFor();
    await page.getByText(/Integrity checked: \d+ events, hash chain complete/).waitFor();
    await page.getByRole('button', { name: 'Apply filter' }).waitFor();
    await page.getByRole('button', { name: 'Export as CSV' }).waitFor();
    await screenshot(page, 'english-timeline');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // And back: German again, exactly as before.
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Deutsch' }).click();
    await page.getByRole('heading', { level: 1, name: 'Zeitleiste' }).waitFor();
    await page.getByRole('heading', { name: 'Krise ausgelöst' }).waitFor();
    await page.getByRole('button', { name: 'Filtern' }).waitFor();
    await expect(htmlLang(page)).resolves.toBe('de');
  });

  it('the clinic chooses English on the login page; its inbox speaks English', async () => {
    const page = await (await context()).newPage();
    await page.goto(`${browserStack().webUrl}/aufgaben`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Login' }).waitFor();
    await screenshot(page, 'english-login');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Log in' }).click();
    // Keycloak's own login page.
    await page.waitForURL((u) => u.href.startsWith(`${browserStack().issuer}/protocol/openid-connect/auth`));
    await page.locator('#username').fill('klinik');
    await page.locator('#password').fill('demo');
    await page.locator('#kc-login').click();

    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    await page.getByText('Live: new tasks appear automatically').waitFor();
    const card = page.locator('li.task', { hasText: caseId });
    await card.waitFor({ timeout: 45_000 });
    await card.getByRole('button', { name: 'Take and acknowledge' }).waitFor();
    await card.getByText('Crisis notification · Clinic (child psychiatry)').waitFor();
    await screenshot(page, 'english-clinic-inbox');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aufgaben' }).waitFor();
    await card.getByRole('button', { name: 'Übernehmen und bestätigen' }).waitFor();
    await expect(htmlLang(page)).resolves.toBe('de');
  });
});
