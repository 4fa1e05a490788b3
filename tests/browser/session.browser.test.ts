import {
  addTestWebClient,
  freePort,
  keycloakAdminCall,
  keycloakAdminFromEnv,
  startWebDevServer,
  stopApp,
  type AppProcess,
} from '@hilfenetz/testing';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newCaseId } from './support/api';
import {
  browserStack,
  launchBrowser,
  login,
  newUserContext,
  screenshot,
  seriousA11yViolations,
  signInOnKeycloak,
} from './support/browser';

jest.setTimeout(180_000);

/** Short enough to see several lifetimes in a test; the refresh runs at 80 % of it. */
const ACCESS_TOKEN_LIFESPAN_S = 20;
/** The API accepts a token this long past its `exp` (clock skew, apps/api token verifier). */
const API_CLOCK_TOLERANCE_S = 30;

const STORAGE = {
  accessToken: 'hilfenetz.session.accessToken',
  refreshToken: 'hilfenetz.session.refreshToken',
  idToken: 'hilfenetz.session.idToken',
};

/** The page's sessionStorage, inside page functions (the tests are type-checked without the DOM library). */
interface PageGlobals {
  sessionStorage: { getItem(key: string): string | null };
}

const claimsOf = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

const stored = (page: Page, key: string): Promise<string | null> =>
  page.evaluate((k) => (globalThis as unknown as PageGlobals).sessionStorage.getItem(k), key);

async function storedAccessToken(page: Page): Promise<string> {
  const token = await stored(page, STORAGE.accessToken);
  if (!token) throw new Error('no access token in sessionStorage');
  return token;
}

/** The refresh_token grant at Keycloak's token endpoint, as the web client (public: no secret). */
async function refreshAtKeycloak(clientId: string, refreshToken: string): Promise<{ status: number; error?: string }> {
  const res = await fetch(`${browserStack().issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId }),
  });
  const json = (await res.json().catch(() => ({}))) as { error?: string };
  return { status: res.status, ...(json.error ? { error: json.error } : {}) };
}

/**
 * Issue 14, the web login like a real app, on Keycloak's own pages in Chromium: the silent refresh
 * keeps a user logged in across several access-token lifetimes (the stream and every call follow
 * the new token), Abmelden ends the session at Keycloak too, and a session ended while a form is
 * open says so without losing what was typed. A web server of its own, logging in through a copy
 * of the web client whose access tokens live 20 s.
 */
describe('the web session: silent refresh, logout at Keycloak, session ended with a form open', () => {
  let browser: Browser;
  let web: { app: AppProcess; url: string } | undefined;
  let webClient: { clientId: string; remove: () => Promise<void> } | undefined;
  const contexts: BrowserContext[] = [];
  const context = async () => {
    const c = await newUserContext(browser);
    contexts.push(c);
    return c;
  };
  const webUrl = () => {
    if (!web) throw new Error('the web server did not start');
    return web.url;
  };

  beforeAll(async () => {
    const { apiUrl, issuer } = browserStack();
    const port = await freePort();
    webClient = await addTestWebClient(keycloakAdminFromEnv(), 'hilfenetz', `http://127.0.0.1:${port}`, {
      accessTokenLifespanSeconds: ACCESS_TOKEN_LIFESPAN_S,
    });
    web = await startWebDevServer(path.resolve(__dirname, '..', '..'), {
      apiUrl,
      issuer,
      clientId: webClient.clientId,
      port,
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    if (web) await stopApp(web.app);
    await webClient?.remove();
  });

  it('stays logged in across several access-token lifetimes; the stream and the calls use the new token', async () => {
    const page = await login(await context(), 'fachkraft', '/', webUrl());
    const apiRequests: { path: string; token: string }[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      const auth = req.headers().authorization;
      if (url.origin === webUrl() && url.pathname.startsWith('/api/') && auth) {
        apiRequests.push({ path: url.pathname, token: auth.replace(/^Bearer /, '') });
      }
    });
    // The inbox holds the live stream open the whole time.
    await page.getByRole('navigation').getByRole('link', { name: 'Aufgaben' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aufgaben' }).waitFor();

    const first = await storedAccessToken(page);
    const firstExp = claimsOf(first).exp as number;
    expect(firstExp - (claimsOf(first).iat as number)).toBe(ACCESS_TOKEN_LIFESPAN_S);
    const tokens = [first];
    // Past the first token's end plus the API's tolerance: at least three refreshes on the way.
    while (tokens.length < 4 || Date.now() <= (firstExp + API_CLOCK_TOLERANCE_S + 1) * 1000) {
      await page.waitForFunction(
        ({ key, previous }) => {
          const now = (globalThis as unknown as PageGlobals).sessionStorage.getItem(key);
          return now !== null && now !== previous;
        },
        { key: STORAGE.accessToken, previous: tokens[tokens.length - 1] },
        { timeout: ACCESS_TOKEN_LIFESPAN_S * 1000 * 2, polling: 250 },
      );
      tokens.push(await storedAccessToken(page));
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    const exps = tokens.map((t) => claimsOf(t).exp as number);
    expect([...exps].sort((a, b) => a - b)).toEqual(exps);
    // Same user, same Keycloak session, all along.
    expect(new Set(tokens.map((t) => `${String(claimsOf(t).sub)} ${String(claimsOf(t).sid)}`)).size).toBe(1);
    expect(await page.locator('.session-banner').count()).toBe(0);

    // The API refuses the first token by now; the app's calls go out with a refreshed one and succeed.
    const refused = await fetch(`${browserStack().apiUrl}/organisations`, {
      headers: { authorization: `Bearer ${first}` },
    });
    expect(refused.status).toBe(401);
    // The inbox's next load (after the next refresh reopens the stream, or its 30 s poll).
    const answer = await page.waitForResponse(
      (res) => new URL(res.url()).pathname === '/api/tasks' && res.request().method() === 'GET',
      { timeout: 45_000 },
    );
    expect(answer.status()).toBe(200);
    const sentWith = (await answer.request().allHeaders()).authorization?.replace(/^Bearer /, '');
    expect(sentWith).toBeDefined();
    expect(sentWith).not.toBe(first);
    expect(claimsOf(sentWith ?? first).sub).toBe(claimsOf(first).sub);
    await page.getByRole('heading', { level: 1, name: 'Aufgaben' }).waitFor();
    expect(await page.locator('.session-banner').count()).toBe(0);

    // The live stream was opened again with each new token (the server ends a stream with its token).
    const streamTokens = new Set(apiRequests.filter((r) => r.path === '/api/tasks/stream').map((r) => r.token));
    expect(streamTokens.size).toBeGreaterThanOrEqual(3);
    expect(streamTokens.has(tokens[1] ?? '')).toBe(true);
  });

  it('Abmelden ends the session at Keycloak: back on the login page, the old refresh token is refused', async () => {
    const page = await login(await context(), 'fachkraft', '/', webUrl());
    const refreshToken = await stored(page, STORAGE.refreshToken);
    if (!refreshToken) throw new Error('the code exchange kept no refresh token');
    expect(await stored(page, STORAGE.idToken)).not.toBeNull();
    // The refresh token works while the session lives (the refusal below is the logout's doing).
    await expect(refreshAtKeycloak(webClient?.clientId ?? '', refreshToken)).resolves.toEqual({ status: 200 });

    await page.getByRole('button', { name: 'Abmelden' }).click();
    // Keycloak logs out without asking (id_token_hint) and sends the browser back to the app.
    await page.waitForURL((u) => u.href === `${webUrl()}/`);
    await page.getByRole('heading', { level: 1, name: 'Anmeldung' }).waitFor();
    await page.getByRole('button', { name: 'Anmelden' }).waitFor();
    expect(await stored(page, STORAGE.accessToken)).toBeNull();
    expect(await stored(page, STORAGE.refreshToken)).toBeNull();

    await expect(refreshAtKeycloak(webClient?.clientId ?? '', refreshToken)).resolves.toEqual({
      status: 400,
      error: 'invalid_grant',
    });
    // Logging in again shows Keycloak's login form: its session is gone too.
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await signInOnKeycloak(page, 'fachkraft');
    await page.getByRole('button', { name: 'Abmelden' }).waitFor();
  });

  it('the session ends while "Fall anlegen" has text typed: a German message, the text stays, log in again, submit', async () => {
    const caseId = newCaseId('SES');
    const page = await login(await context(), 'fachkraft', '/', webUrl());
    await page.getByRole('navigation').getByRole('link', { name: 'Fall anlegen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fall anlegen' }).waitFor();
    await page.getByLabel('Fall-Referenz').fill(caseId);
    await page.getByLabel('Vorname').fill('Lena');
    await page.getByLabel('Nachname').fill('Sitzungsende');
    await page.getByLabel('Geburtsdatum').fill('2012-05-06');

    // An administrator ends this browser's session at Keycloak; its next refresh is refused.
    const sid = claimsOf(await storedAccessToken(page)).sid;
    if (typeof sid !== 'string') throw new Error('the access token names no session (sid)');
    await keycloakAdminCall(keycloakAdminFromEnv(), 'DELETE', `/hilfenetz/sessions/${sid}`);

    const banner = page.getByRole('alert').filter({ hasText: 'Sitzung abgelaufen' });
    await banner
      .getByText('Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an – Ihre Eingaben bleiben erhalten.')
      .waitFor({ timeout: ACCESS_TOKEN_LIFESPAN_S * 1000 * 2 });
    expect(await stored(page, STORAGE.accessToken)).toBeNull();
    expect(await stored(page, STORAGE.refreshToken)).toBeNull();
    await expect(page.getByLabel('Fall-Referenz').inputValue()).resolves.toBe(caseId);
    await expect(page.getByLabel('Vorname').inputValue()).resolves.toBe('Lena');
    await expect(page.getByLabel('Nachname').inputValue()).resolves.toBe('Sitzungsende');
    await screenshot(page, 'session-ended-form-kept');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Logging in again in a popup; the page (and the form) stays.
    const popup = page.waitForEvent('popup');
    await banner.getByRole('button', { name: 'Erneut anmelden' }).click();
    const loginWindow = await popup;
    const closed = loginWindow.waitForEvent('close');
    await signInOnKeycloak(loginWindow, 'fachkraft');
    await closed;
    await banner.waitFor({ state: 'detached' });
    expect(claimsOf(await storedAccessToken(page)).sid).not.toBe(sid);
    await expect(page.getByLabel('Fall-Referenz').inputValue()).resolves.toBe(caseId);
    await expect(page.getByLabel('Nachname').inputValue()).resolves.toBe('Sitzungsende');

    await page.getByRole('button', { name: 'Fall anlegen', exact: true }).click();
    await page.getByText('Fall angelegt', { exact: true }).waitFor();
    await page.getByText('Lena Sitzungsende').waitFor();
  });
});
