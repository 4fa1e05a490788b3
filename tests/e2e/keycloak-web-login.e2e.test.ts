import {
  freePort,
  keycloakAdminFromEnv,
  startApp,
  startWebDevServer,
  stopApp,
  waitForHttpOk,
  type AppProcess,
} from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { e2eStack } from './support/e2e-stack';

const stack = e2eStack();
const ROOT = path.resolve(__dirname, '..', '..');
// `npm test` always runs Keycloak and checks Chromium for the e2e project (infra/dev).
const KEYCLOAK_URL = keycloakAdminFromEnv().url;
const CHROMIUM = process.env.HILFENETZ_CHROMIUM ?? '/usr/bin/chromium';

async function adminToken(): Promise<string> {
  const res = await fetch(`${KEYCLOAK_URL}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: process.env.KEYCLOAK_ADMIN_USER ?? 'admin',
      password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? '',
    }),
  });
  if (!res.ok) throw new Error(`Keycloak admin login: HTTP ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/**
 * The web app, built as `npm start` serves it, logs in against Keycloak (a copy of the committed
 * realm whose web client redirects to this test's web server): the discovered authorization
 * endpoint, Keycloak's own login page, the code + PKCE exchange at the discovered token endpoint.
 */
describe('the web app logs in through Keycloak (code + PKCE)', () => {
  const realmName = `hilfenetz-web-${randomUUID().slice(0, 8)}`;
  const issuer = `${KEYCLOAK_URL}/realms/${realmName}`;
  const apps: AppProcess[] = [];
  let webUrl: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const api = startApp(ROOT, 'api', {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: stack.databaseUrl,
      KAFKA_TOPIC_PREFIX: stack.topicPrefix,
      TEMPORAL_TASK_QUEUE: process.env.E2E_TASK_QUEUE,
      OIDC_ISSUER: issuer,
      API_PORT: String(apiPort),
      LOG_LEVEL: 'error',
    });
    apps.push(api);
    const web = await startWebDevServer(ROOT, { apiUrl, issuer });
    apps.push(web.app);
    webUrl = web.url;
    const realm = JSON.parse(
      readFileSync(path.join(ROOT, 'infra/dev/keycloak/hilfenetz-realm.json'), 'utf8').replaceAll(
        '${HILFENETZ_WEB_ORIGIN}',
        webUrl,
      ),
    ) as { realm: string; users: Record<string, unknown>[] };
    realm.realm = realmName;
    // User ids are unique across realms: the copy's users get ids of Keycloak's choosing.
    for (const user of realm.users) delete user.id;
    const created = await fetch(`${KEYCLOAK_URL}/admin/realms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await adminToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify(realm),
    });
    if (created.status !== 201) throw new Error(`creating realm: HTTP ${created.status} ${await created.text()}`);
    await waitForHttpOk(`${apiUrl}/ready`, api);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
        '--lang=de-DE',
      ],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(apps.map((a) => stopApp(a)));
    await fetch(`${KEYCLOAK_URL}/admin/realms/${realmName}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await adminToken()}` },
    });
  });

  it("a clinic nurse logs in on Keycloak's page and lands in the app with her name and inbox", async () => {
    const context = await browser!.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    const tokenCalls: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/protocol/openid-connect/token')) tokenCalls.push(r.url());
    });
    await page.goto(`${webUrl}/`);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    // Keycloak's own login page, reached at the discovered authorization endpoint.
    await page.waitForURL((u) => u.href.startsWith(`${issuer}/protocol/openid-connect/auth`));
    await page.locator('#username').fill('klinik');
    await page.locator('#password').fill('demo');
    await page.locator('#kc-login').click();
    await page.getByRole('button', { name: 'Abmelden' }).waitFor();
    expect(page.url().startsWith(webUrl)).toBe(true);
    await page.getByText('Herr Nowak (KJP St. Marien)').first().waitFor();
    // Role and organisation as the UI reads them from Keycloak's token (realm_access.roles, org).
    await page.getByText('Klinik (KJP) · org-kjp-st-marien').first().waitFor();
    // The code was traded at the discovered token endpoint, through the dev server (same origin).
    expect(tokenCalls).toEqual([`${webUrl}/oidc/protocol/openid-connect/token`]);
    await context.close();
  });
});
