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
import { apiCall, newCaseId } from './support/api';
import {
  browserStack,
  launchBrowser,
  login,
  newUserContext,
  screenshot,
  seriousA11yViolations,
  signInOnKeycloak,
} from './support/browser';

jest.setTimeout(240_000);

/** Short, so the session's end is seen within a test; the refresh runs at 80 % of it. */
const ACCESS_TOKEN_LIFESPAN_S = 20;

interface PageGlobals {
  sessionStorage: { getItem(key: string): string | null };
}
const claimsOf = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
const accessTokenOf = async (page: Page): Promise<string> => {
  const token = await page.evaluate(() =>
    (globalThis as unknown as PageGlobals).sessionStorage.getItem('hilfenetz.session.accessToken'),
  );
  if (!token) throw new Error('no access token in sessionStorage');
  return token;
};

/** The kinds of the records the device keeps (ciphertext; only the kinds are readable). */
const KEPT_KINDS = `(async () => {
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open('hilfenetz-offline');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  if (!db.objectStoreNames.contains('records')) return [];
  const all = await new Promise((resolve, reject) => {
    const req = db.transaction('records').objectStore('records').getAll();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  db.close();
  return all.map((r) => r.kind);
})()`;

/**
 * Issue 19, token expiry while offline (docs/adr/0026 "Accounts"): a trigger kept on the device
 * survives the end of the session; after logging in again it is sent under the new token, as the
 * person who acted; if someone else logs in in that tab, it is never sent under their account.
 * A web server of its own, with a web client whose access tokens live 20 s.
 */
describe('offline queue across the end of a session', () => {
  let browser: Browser;
  let web: { app: AppProcess; url: string } | undefined;
  let webClient: { clientId: string; remove: () => Promise<void> } | undefined;
  const contexts: BrowserContext[] = [];
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

  /** The crisis events of a case as the supervisor's API reads them ([] for a case nobody wrote). */
  const triggersOf = async (caseId: string) => {
    const page = await apiCall<{ entries: { type: string; actor: { id: string }; data: Record<string, unknown> }[] }>(
      'leitung',
      'GET',
      `/cases/${caseId}/timeline?limit=500`,
    ).catch(() => ({ entries: [] }));
    return page.entries.filter((e) => e.type === 'CrisisTriggered');
  };

  /**
   * The caseworker triggers while the API is out of reach (kept), then an administrator ends the
   * session at Keycloak: the next refresh is refused and the app says the session expired.
   */
  const queueThenSessionEnds = async (caseId: string) => {
    const c = await newUserContext(browser);
    contexts.push(c);
    const page = await login(c, 'fachkraft', `/?fall=${caseId}`, webUrl());
    await page.getByRole('button', { name: 'Krise jetzt auslösen' }).waitFor();
    const apiCalls = (url: URL) => url.pathname.startsWith('/api/');
    await page.route(apiCalls, (route) => route.abort('internetdisconnected'));
    await page.getByText('Selbstgefährdung', { exact: true }).click();
    await page.getByRole('button', { name: 'Krise jetzt auslösen' }).click();
    await page.getByText('Krise offline erfasst – wartet auf Verbindung').waitFor();
    await page.locator('.queue-status', { hasText: '1 wartet auf Verbindung' }).waitFor();

    const sid = claimsOf(await accessTokenOf(page)).sid;
    if (typeof sid !== 'string') throw new Error('the access token names no session (sid)');
    await keycloakAdminCall(keycloakAdminFromEnv(), 'DELETE', `/hilfenetz/sessions/${sid}`);
    const banner = page.getByRole('alert').filter({ hasText: 'Sitzung abgelaufen' });
    await banner.waitFor({ timeout: ACCESS_TOKEN_LIFESPAN_S * 1000 * 2 });
    // The server is reachable again, but nobody is logged in: the entry waits, kept encrypted.
    await page.unroute(apiCalls);
    expect(await page.evaluate<string[]>(KEPT_KINDS)).toContain('queue');
    return { page, banner, sid };
  };

  const logInAgainAs = async (page: Page, banner: ReturnType<Page['getByRole']>, username: string) => {
    const popup = page.waitForEvent('popup');
    await banner.getByRole('button', { name: 'Erneut anmelden' }).click();
    const loginWindow = await popup;
    const closed = loginWindow.waitForEvent('close');
    await signInOnKeycloak(loginWindow, username);
    await closed;
  };

  it('a trigger kept while the session ended is sent after the new login, under the new token, as the person who acted', async () => {
    const caseId = newCaseId('TOKEN');
    const { page, banner, sid } = await queueThenSessionEnds(caseId);
    await screenshot(page, 'offline-queue-session-ended');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await logInAgainAs(page, banner, 'fachkraft');
    await banner.waitFor({ state: 'detached' });
    expect(claimsOf(await accessTokenOf(page)).sid).not.toBe(sid);
    await page.locator('.queue-status[data-count="0"]').waitFor({ state: 'attached', timeout: 30_000 });

    let triggered = await triggersOf(caseId);
    for (let i = 0; i < 60 && triggered.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      triggered = await triggersOf(caseId);
    }
    expect(triggered).toHaveLength(1);
    expect(triggered[0]!.actor.id).toBe('u-ja-0001');
    expect((triggered[0]!.data.actedOnDevice as { bounded: boolean }).bounded).toBe(false);
  });

  it("another person logging in in that tab never sends the first person's kept trigger", async () => {
    const caseId = newCaseId('FREMD');
    const { page, banner } = await queueThenSessionEnds(caseId);

    await logInAgainAs(page, banner, 'bereitschaft');
    // A different person starts over on the start page, with nothing of the first one's waiting.
    await page.getByRole('button', { name: 'Abmelden' }).waitFor();
    await page.locator('.queue-status[data-count="0"]').waitFor({ state: 'attached' });
    // Their own trigger goes out at once: the queue's round under this login has run.
    const ownCase = newCaseId('EIGEN');
    await page.goto(`${webUrl()}/?fall=${ownCase}`);
    await page.getByText('Selbstgefährdung', { exact: true }).click();
    await page.getByRole('button', { name: 'Krise jetzt auslösen' }).click();
    await page.getByText('Krise ausgelöst', { exact: true }).first().waitFor({ timeout: 30_000 });
    expect(await triggersOf(caseId)).toEqual([]);
    // Still on the device (ciphertext) for its own person, never sent under this account.
    expect(await page.evaluate<string[]>(KEPT_KINDS)).toContain('queue');
  });
});
