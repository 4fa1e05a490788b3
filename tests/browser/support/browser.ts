import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');

/** What the browser global setup started, handed over through the environment. */
export function browserStack() {
  const get = (k: string) => {
    const v = process.env[k];
    if (!v) throw new Error(`${k} missing: the browser global setup did not run`);
    return v;
  };
  return { webUrl: get('BROWSER_WEB_URL'), apiUrl: get('BROWSER_API_URL'), issuer: get('BROWSER_OIDC_ISSUER') };
}

/** Debian's Chromium, headless; Playwright's own browser download cannot work on these machines. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.HILFENETZ_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    env: { ...process.env, LANG: 'de_DE.UTF-8', LANGUAGE: 'de' },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // German date and time inputs, as on the users' machines.
      '--lang=de-DE',
    ],
  });
}

/** A tablet-sized browser window in German, as a clinic nurse or caseworker would have it. */
export async function newUserContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1024, height: 768 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(20_000);
  return context;
}

/**
 * Logs in on Keycloak's own login page (code + PKCE at the realm's discovered endpoints), as a
 * person would, and waits for the app.
 */
export async function login(
  context: BrowserContext,
  username: string,
  startPath = '/',
  webUrl = browserStack().webUrl,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${webUrl}${startPath}`);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await signInOnKeycloak(page, username);
  await page.getByRole('button', { name: 'Abmelden' }).waitFor();
  return page;
}

/** Keycloak's own login page, as a person fills it in (the page, or the login popup, is on its way there). */
export async function signInOnKeycloak(page: Page, username: string): Promise<void> {
  const { issuer } = browserStack();
  await page.waitForURL((u) => u.href.startsWith(`${issuer}/protocol/openid-connect/auth`));
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('demo');
  await page.locator('#kc-login').click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page; returns the serious and critical violations (WCAG 2.x A/AA and best practices). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Chooses a radio button or checkbox as a person does, by pressing its label: React Aria keeps the
 * real input visually hidden inside the label, so the label takes the pointer.
 */
export async function choose(control: Locator): Promise<void> {
  await control.locator('xpath=ancestor::label[1]').click();
  for (let i = 0; i < 20 && !(await control.isChecked()); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await control.isChecked())) throw new Error('the option did not become chosen');
}

/**
 * Chooses from a React Aria Select as a person does: opens the list with the field's button (named
 * by its current value and its label, e.g. "Bitte wählen Verantwortlich"), then presses the option.
 */
export async function pickOption(page: Page, label: string, option: string | RegExp): Promise<void> {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page.getByRole('button', { name: new RegExp(`(^| )${escaped}$`) }).click();
  const listbox = page.getByRole('listbox');
  await listbox
    .getByRole('option', typeof option === 'string' ? { name: option, exact: true } : { name: option })
    .click();
  await listbox.waitFor({ state: 'detached' });
}
