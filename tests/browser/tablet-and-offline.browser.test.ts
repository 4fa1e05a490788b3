import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiCall, newCaseId } from './support/api';
import { browserStack, launchBrowser, login, screenshot } from './support/browser';

jest.setTimeout(180_000);

const SIZES = [
  { name: 'portrait', width: 768, height: 1024 },
  { name: 'landscape', width: 1024, height: 768 },
] as const;

/**
 * What does not fit a tablet: horizontal scrolling, content past the right edge, small targets.
 * Runs in the page (as a string: these tests compile without the DOM's types).
 */
const LAYOUT_PROBLEMS = `(() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > innerWidth) problems.push('scrollWidth ' + doc.scrollWidth + ' > innerWidth ' + innerWidth);
  const describe = (el) =>
    el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + [...el.classList].join('.') +
    ' "' + (el.textContent || '').trim().slice(0, 30) + '"';
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // Visually hidden helpers (skip link, React Aria's inputs) are clipped on purpose.
    if (r.width <= 1 || r.height <= 1 || style.position === 'absolute' || style.visibility === 'hidden') continue;
    // Wide tables scroll inside their own box, by design.
    if (el.closest('.table-scroll')) continue;
    if (r.right > innerWidth + 0.5) problems.push('cut off on the right: ' + describe(el) + ' (' + Math.round(r.right) + ')');
  }
  // Touch targets: buttons, form fields and choice labels at least 44 px high (links in text excepted).
  const targets = document.querySelectorAll(
    'button, select, textarea, input:not([type=radio]):not([type=checkbox]):not([type=hidden]),' +
      ' .radio-group__option, .segmented__option, .checkbox, .nav__link',
  );
  for (const el of targets) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || el.closest('[aria-hidden=true]') || getComputedStyle(el).position === 'absolute') continue;
    if (r.height < 43.5) problems.push('touch target too small: ' + describe(el) + ' (' + Math.round(r.height) + ' px)');
  }
  return problems;
})()`;

async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(LAYOUT_PROBLEMS);
}

describe('tablet size and offline', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const caseId = newCaseId('TAB');
  let crisisId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    await apiCall('fachkraft', 'POST', '/cases', {
      caseId,
      youngPerson: { givenName: 'Tim', familyName: 'Tabletfall', dateOfBirth: '2010-01-05' },
    });
    ({ crisisId } = await apiCall<{ crisisId: string }>('fachkraft', 'POST', `/cases/${caseId}/crises`, {
      dangerKind: 'self',
      urgency: 'urgent',
      location: 'Wohngruppe Birkenhof, Zimmer 4',
    }));
    await apiCall('fachkraft', 'POST', `/cases/${caseId}/hilfeplanung`, {});
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
  });

  const context = async (size: { width: number; height: number }) => {
    const c = await browser.newContext({
      viewport: size,
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      hasTouch: true,
    });
    c.setDefaultTimeout(20_000);
    contexts.push(c);
    return c;
  };

  for (const size of SIZES) {
    it(`every main screen fits a tablet (${size.width}×${size.height}, ${size.name})`, async () => {
      const found: string[] = [];
      const check = async (page: Page, screen: string, ready: () => Promise<unknown>) => {
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await ready();
        await screenshot(page, `tablet-${size.name}-${screen}`);
        found.push(...(await layoutProblems(page)).map((p) => `${screen}: ${p}`));
      };

      const anonymous = await (await context(size)).newPage();
      await anonymous.goto(`${browserStack().webUrl}/`);
      await check(anonymous, 'login', () => anonymous.getByRole('button', { name: 'Anmelden' }).waitFor());

      const caseworker = await login(await context(size), 'fachkraft');
      await check(caseworker, 'trigger-crisis', () => caseworker.getByLabel('Fall-Referenz').waitFor());
      await caseworker.goto(`${browserStack().webUrl}/faelle/${caseId}/krisen/${crisisId}`);
      await check(caseworker, 'crisis-board', () =>
        caseworker.locator('.board__party').first().waitFor({ timeout: 45_000 }),
      );
      await caseworker.goto(`${browserStack().webUrl}/faelle/${caseId}/hilfeplanung`);
      await check(caseworker, 'hilfeplanung', () => caseworker.getByRole('heading', { name: 'Stand' }).waitFor());

      const clinic = await login(await context(size), 'klinik', '/aufgaben');
      await check(clinic, 'clinic-inbox', () =>
        clinic.locator('li.task', { hasText: caseId }).waitFor({ timeout: 45_000 }),
      );

      const supervisor = await login(await context(size), 'leitung', `/zeitleiste?fall=${caseId}`);
      await check(supervisor, 'supervisor-timeline', () =>
        supervisor.getByRole('heading', { name: 'Krise ausgelöst' }).waitFor({ timeout: 45_000 }),
      );

      expect(found).toEqual([]);
    });
  }

  it('offline: each page says so in German, an action fails next to its button, and it recovers', async () => {
    const c = await context({ width: 1024, height: 768 });
    const page = await login(c, 'fachkraft');
    await page.getByLabel('Fall-Referenz').waitFor();

    await c.setOffline(true);
    await page.getByText('Keine Netzwerkverbindung', { exact: true }).waitFor();
    await screenshot(page, 'offline-trigger-crisis');

    // Triggering while offline is refused in plain German; nothing is lost from the form.
    await page.getByLabel('Fall-Referenz').fill(caseId);
    await page.getByText('Selbstgefährdung', { exact: true }).click();
    await page.getByRole('button', { name: 'Krise jetzt auslösen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Die Krise wurde nicht ausgelöst' }).waitFor();
    await page
      .getByRole('alert')
      .filter({ hasText: /offline/ })
      .waitFor();
    await expect(page.getByLabel('Fall-Referenz').inputValue()).resolves.toBe(caseId);

    // Another page opened while offline shows the state instead of a blank screen.
    await page.getByRole('link', { name: 'Zeitleiste' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Zeitleiste' }).waitFor();
    await page.getByText('Keine Netzwerkverbindung', { exact: true }).waitFor();
    await screenshot(page, 'offline-timeline');
    // The crisis board, reached inside the app: its heading and the offline state, no blank page.
    await page.evaluate(
      `window.history.pushState(null, '', ${JSON.stringify(`/faelle/${caseId}/krisen/${crisisId}`)});` +
        `window.dispatchEvent(new Event('hilfenetz:navigate'))`,
    );
    await page.getByRole('heading', { level: 1, name: `Krise im Fall ${caseId}` }).waitFor();
    await page.getByText('Keine Netzwerkverbindung', { exact: true }).waitFor();
    await screenshot(page, 'offline-crisis-board');

    await c.setOffline(false);
    await page.getByText('Keine Netzwerkverbindung', { exact: true }).waitFor({ state: 'detached' });
    // Back online, the board loads by itself.
    await page.locator('.board__party').first().waitFor({ timeout: 45_000 });
  });
});
