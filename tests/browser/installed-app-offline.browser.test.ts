import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiCall, newCaseId } from './support/api';
import { choose, launchBrowser, login, newUserContext, screenshot, seriousA11yViolations } from './support/browser';
import { startBuiltWebApp, type BuiltWebApp } from './support/built-web-app';

jest.setTimeout(240_000);

/**
 * Every record of the app's IndexedDB and every response in its Cache Storage, as text (bytes read
 * as Latin-1), so a test can say no clear text of the young person's data is on the device.
 */
const DEVICE_DUMP = `(async () => {
  const bytes = (b) => String.fromCharCode(...new Uint8Array(b instanceof ArrayBuffer ? b : b.buffer));
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open('hilfenetz-offline');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  let records = [];
  if (db.objectStoreNames.contains('records')) {
    records = await new Promise((resolve, reject) => {
      const req = db.transaction('records').objectStore('records').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  db.close();
  const cached = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const req of await cache.keys()) {
      const res = await cache.match(req);
      cached.push({ url: new URL(req.url).pathname, text: res ? await res.text() : '' });
    }
  }
  return {
    count: records.length,
    kinds: records.map((r) => r.kind),
    idbText: records.map((r) => r.id + ' ' + r.kind + ' ' + bytes(r.data)).join('\\n'),
    cachedUrls: cached.map((c) => c.url),
    cacheText: cached.map((c) => c.text).join('\\n'),
  };
})()`;
type DeviceDump = { count: number; kinds: string[]; idbText: string; cachedUrls: string[]; cacheText: string };
const deviceDump = (page: Page) => page.evaluate<DeviceDump>(DEVICE_DUMP);

/** The timeline's events of one type, as the supervisor's API reads them. */
const eventsOf = async (forCase: string, type: string) => {
  const page = await apiCall<{ entries: { type: string; data: Record<string, unknown> }[] }>(
    'leitung',
    'GET',
    `/cases/${forCase}/timeline?limit=500`,
  );
  return page.entries.filter((e) => e.type === type);
};
const waitForEvents = async (forCase: string, type: string, n: number) => {
  for (let i = 0; i < 90; i++) {
    const found = await eventsOf(forCase, type);
    if (found.length >= n) return found;
    await new Promise((r) => setTimeout(r, 500));
  }
  return eventsOf(forCase, type);
};

type DeviceTime = { at: string; bounded: boolean };

describe('the installed app (production build, service worker) on a bad network', () => {
  let web: BuiltWebApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const familyName = 'Pwaschuster';
  const place = 'Bahnhof Wiesengrund, Gleis 3';
  const caseA = newCaseId('PWA');
  const caseB = newCaseId('PWAB');
  const caseC = newCaseId('PWAC');
  const caseD = newCaseId('PWAD');
  const crises: Record<string, string> = {};

  beforeAll(async () => {
    web = await startBuiltWebApp();
    browser = await launchBrowser();
    for (const [caseId, given] of [
      [caseA, 'Paula'],
      [caseB, 'Ben'],
      [caseC, 'Clara'],
      [caseD, 'Dana'],
    ] as const) {
      await apiCall('fachkraft', 'POST', '/cases', {
        caseId,
        youngPerson: { givenName: given, familyName, dateOfBirth: '2011-04-09' },
      });
    }
    for (const caseId of [caseA, caseC, caseD]) {
      ({ crisisId: crises[caseId]! } = await apiCall<{ crisisId: string }>(
        'fachkraft',
        'POST',
        `/cases/${caseId}/crises`,
        {
          dangerKind: 'self',
          urgency: 'urgent',
          location: place,
        },
      ));
    }
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await web?.stop();
  });

  const newContext = async () => {
    const c = await newUserContext(browser);
    contexts.push(c);
    return c;
  };

  it('opens offline from its cache with the last-known inbox, board and timeline; queues, syncs once in order; logout wipes', async () => {
    const c = await newContext();
    const page = await login(c, 'fachkraft', '/aufgaben', web.url);
    const card = (caseId: string) => page.locator('li.task', { hasText: caseId });
    for (const caseId of [caseA, caseC, caseD]) {
      await card(caseId).getByRole('button', { name: 'Übernehmen und bestätigen' }).waitFor({ timeout: 45_000 });
    }
    // The installed app: its service worker controls the page and has precached the shell.
    // The first visit is controlled once the worker has installed and claimed it; a later one from the start.
    await page.waitForFunction('navigator.serviceWorker.ready.then(() => true)', undefined, { timeout: 60_000 });
    if (!(await page.evaluate('navigator.serviceWorker.controller !== null'))) await page.reload();
    await page.waitForFunction('navigator.serviceWorker.controller !== null', undefined, { timeout: 30_000 });
    const manifest = await page.evaluate(`document.querySelector('link[rel=manifest]')?.getAttribute('href')`);
    expect(manifest).toBe('/manifest.webmanifest');

    // Online, the person opens the crisis board and the case's timeline: their last state is kept.
    await page.goto(`${web.url}/faelle/${caseA}/krisen/${crises[caseA]}`);
    await page.getByText(place).first().waitFor({ timeout: 45_000 });
    await page.goto(`${web.url}/zeitleiste?fall=${caseA}`);
    await page.getByRole('heading', { name: 'Krise ausgelöst' }).first().waitFor({ timeout: 45_000 });
    await page.goto(`${web.url}/aufgaben`);
    await card(caseD).getByRole('button', { name: 'Übernehmen und bestätigen' }).waitFor({ timeout: 45_000 });

    // Offline: acknowledge, decline, acknowledge, trigger — each kept in order.
    await c.setOffline(true);
    await page.getByText(/^Stand von \d\d:\d\d, offline$/).waitFor();
    await card(caseA).getByRole('button', { name: 'Übernehmen und bestätigen' }).click();
    await page.locator('.queue-status[data-count="1"]').waitFor();
    await card(caseC).getByRole('button', { name: 'Ablehnen …' }).click();
    await card(caseC).getByLabel('Grund der Ablehnung').fill('Bin im Außendienst, kein Zugriff');
    await card(caseC).getByRole('button', { name: 'Ablehnung senden' }).click();
    await page.locator('.queue-status[data-count="2"]').waitFor();
    await card(caseD).getByRole('button', { name: 'Übernehmen und bestätigen' }).click();
    await page.locator('.queue-status[data-count="3"]').waitFor();
    await page.getByRole('link', { name: 'Krise auslösen' }).first().click();
    await page.getByLabel('Fall-Referenz').fill(caseB);
    await page.getByText('Selbstgefährdung', { exact: true }).click();
    await page.getByLabel(/Wo ist das Kind/).fill('Unterführung am Wiesengrund');
    await page.getByRole('button', { name: 'Krise jetzt auslösen' }).click();
    await page.getByText('Krise offline erfasst – wartet auf Verbindung').waitFor();
    await page.locator('.queue-status[data-count="4"]').waitFor();
    // Where the browser has Background Sync, the queue waits under the worker's sync tag.
    const tags = await page.evaluate(`navigator.serviceWorker.ready.then((r) => r.sync ? r.sync.getTags() : [])`);
    expect(tags).toContain('hilfenetz-warteschlange');

    // A reload without any network: the worker answers with the app shell, the queue is still there,
    // and the inbox shows its last-known state with the time it was fetched.
    await page.reload();
    await page.getByRole('button', { name: 'Abmelden' }).waitFor();
    await page.locator('.queue-status[data-count="4"]').waitFor();
    await page.goto(`${web.url}/aufgaben`);
    await page.getByText(/^Stand von \d\d:\d\d, offline$/).waitFor();
    await card(caseA).getByText('Wartet auf Verbindung', { exact: true }).waitFor();
    await screenshot(page, 'installed-app-offline-inbox');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The crisis board and the timeline opened before, from the device, marked as such.
    await page.goto(`${web.url}/faelle/${caseA}/krisen/${crises[caseA]}`);
    await page.getByText(/^Stand von \d\d:\d\d, offline$/).waitFor();
    await page.getByText(place).first().waitFor();
    await screenshot(page, 'installed-app-offline-board');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(`${web.url}/zeitleiste?fall=${caseA}`);
    await page.getByText(/^Stand von \d\d:\d\d, offline$/).waitFor();
    await page.getByRole('heading', { name: 'Krise ausgelöst' }).first().waitFor();
    await screenshot(page, 'installed-app-offline-timeline');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // At rest on the device: IndexedDB holds ciphertext only, Cache Storage only the app shell.
    const stored = await deviceDump(page);
    expect(stored.kinds).toEqual(expect.arrayContaining(['state', 'queue']));
    expect(stored.cachedUrls).toContain('/index.html');
    expect(stored.cachedUrls.filter((u) => u.startsWith('/api/') || u.startsWith('/oidc/'))).toEqual([]);
    for (const clear of [familyName, 'Paula', 'Wiesengrund', caseA, caseB, '2011-04-09', 'Außendienst']) {
      expect(stored.idbText).not.toContain(clear);
      expect(stored.cacheText).not.toContain(clear);
    }

    // Meanwhile a colleague of the same office acknowledges case D's task online.
    await apiCall(
      'bereitschaft',
      'POST',
      `/cases/${caseD}/crises/${crises[caseD]}/tasks/task-youth_office/acknowledge`,
      {},
    );

    // Back online: the queue is sent, oldest first, each once.
    await c.setOffline(false);
    await page.locator('.queue-status[data-count="0"]').waitFor({ state: 'attached', timeout: 45_000 });
    const notice = page.getByRole('alert').filter({ hasText: 'Offline erfasst, aber nicht mehr übernommen' });
    await notice.getByText('Inzwischen hat jemand anderes Ihrer Organisation die Aufgabe bestätigt.').waitFor();
    await screenshot(page, 'installed-app-superseded-by-colleague');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const ackA = (await waitForEvents(caseA, 'TaskAcknowledged', 1)).filter(
      (e) => e.data.taskId === 'task-youth_office',
    );
    const declC = await waitForEvents(caseC, 'TaskDeclined', 1);
    const trigB = await waitForEvents(caseB, 'CrisisTriggered', 1);
    const ackD = (await waitForEvents(caseD, 'TaskAcknowledged', 1)).filter(
      (e) => e.data.taskId === 'task-youth_office',
    );
    expect([ackA.length, declC.length, trigB.length, ackD.length]).toEqual([1, 1, 1, 1]);
    // The acknowledgement of D is the colleague's, not this device's.
    expect((ackD[0]!.data.acknowledgedBy as { id: string }).id).not.toBe(
      (ackA[0]!.data.acknowledgedBy as { id: string }).id,
    );
    const times = [
      [ackA[0]!.data.actedOnDevice, ackA[0]!.data.acknowledgedAt],
      [declC[0]!.data.actedOnDevice, declC[0]!.data.declinedAt],
      [trigB[0]!.data.actedOnDevice, trigB[0]!.data.triggeredAt],
    ] as [DeviceTime, string][];
    for (const [device, recorded] of times) {
      expect(device.bounded).toBe(false);
      expect(Date.parse(device.at)).toBeLessThan(Date.parse(recorded));
    }
    // In the order the person acted: by device time and by arrival.
    const acted = times.map(([d]) => Date.parse(d.at));
    const arrived = times.map(([, r]) => Date.parse(r));
    expect([...acted].sort((a, b) => a - b)).toEqual(acted);
    expect([...arrived].sort((a, b) => a - b)).toEqual(arrived);

    // A second browser: the colleague's board shows the acknowledgement and the crisis triggered offline.
    const colleague = await login(
      await newContext(),
      'bereitschaft',
      `/faelle/${caseA}/krisen/${crises[caseA]}`,
      web.url,
    );
    await colleague.locator('.board__party', { hasText: 'Bestätigt' }).first().waitFor({ timeout: 45_000 });
    await colleague.goto(`${web.url}/faelle/${caseB}/krisen/${trigB[0]!.data.crisisId as string}`);
    await colleague.getByText('Unterführung am Wiesengrund').first().waitFor({ timeout: 45_000 });
    await screenshot(colleague, 'installed-app-second-browser-board');

    // Logout wipes what the device kept; the shell stays cached, no answer of the API ever was.
    await notice.getByRole('button', { name: 'Verstanden' }).click();
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByRole('button', { name: 'Anmelden' }).waitFor();
    const after = await deviceDump(page);
    expect(after.count).toBe(0);
    expect(after.cachedUrls.filter((u) => u.startsWith('/api/'))).toEqual([]);
    await expect(page.evaluate(`sessionStorage.getItem('hilfenetz.offline.seed')`)).resolves.toBeNull();
  });

  it('admission, dispatch with its arrival time, a Hilfeplanung answer and a false alarm work offline too: kept, then sent with the device time', async () => {
    const caseE = newCaseId('PWAE');
    const caseF = newCaseId('PWAF');
    const caseH = newCaseId('PWAH');
    for (const caseId of [caseE, caseF, caseH]) {
      await apiCall('fachkraft', 'POST', '/cases', {
        caseId,
        youngPerson: { givenName: 'Ella', familyName, dateOfBirth: '2011-04-09' },
      });
    }
    const trigger = (caseId: string) =>
      apiCall<{ crisisId: string }>('fachkraft', 'POST', `/cases/${caseId}/crises`, {
        dangerKind: 'self',
        urgency: 'urgent',
      });
    const { crisisId: crisisE } = await trigger(caseE);
    const { crisisId: crisisF } = await trigger(caseF);
    await apiCall('fachkraft', 'POST', `/cases/${caseH}/hilfeplanung`, {});
    await apiCall('fachkraft', 'POST', `/cases/${caseH}/hilfeplanung/meeting`, {
      meetingAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });

    // Each person opens their page online, then loses the network.
    const clinicContext = await newContext();
    const clinic = await login(clinicContext, 'klinik', '/aufgaben', web.url);
    const clinicCard = clinic.locator('li.task', { hasText: caseE });
    await clinicCard.getByRole('button', { name: 'Übernehmen und bestätigen' }).click({ timeout: 45_000 });
    await clinicCard.getByRole('button', { name: 'Entscheidung speichern' }).waitFor();
    const dispatchContext = await newContext();
    const dispatch = await login(dispatchContext, 'leitstelle', '/aufgaben', web.url);
    const dispatchCard = dispatch.locator('li.task', { hasText: caseE });
    await dispatchCard.getByLabel('Einsatznummer').waitFor({ timeout: 45_000 });
    const officeContext = await newContext();
    const office = await login(officeContext, 'fachkraft', `/faelle/${caseF}/krisen/${crisisF}`, web.url);
    await office.getByLabel('Grund für den Abbruch').waitFor({ timeout: 45_000 });
    await office.goto(`${web.url}/faelle/${caseH}/hilfeplanung`);
    await office.getByRole('button', { name: 'Zusage für Junger Mensch erfassen' }).waitFor({ timeout: 45_000 });
    for (const c of [clinicContext, dispatchContext, officeContext]) await c.setOffline(true);

    // The clinic decides, the Leitstelle reports its operation and the arrival it expects.
    await choose(clinicCard.getByRole('radio', { name: /Aufgenommen \(freiwillig\)/ }));
    await clinicCard.getByRole('button', { name: 'Entscheidung speichern' }).click();
    await clinic.locator('.queue-status[data-count="1"]').waitFor();
    const arrival = new Date(Date.now() + 20 * 60_000);
    const typed = new Intl.DateTimeFormat('de-DE', {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'Europe/Berlin',
    }).format(arrival);
    const reference = `E-2026-${Date.now() % 1_000_000}`;
    await dispatchCard.getByLabel('Einsatznummer').fill(reference);
    await dispatchCard.getByLabel('Voraussichtliche Ankunft (optional)').fill(typed);
    await dispatchCard.getByRole('button', { name: 'Einsatz melden' }).click();
    await dispatch.locator('.queue-status[data-count="1"]').waitFor();
    await screenshot(dispatch, 'installed-app-offline-dispatch-queued');
    expect(await seriousA11yViolations(dispatch)).toEqual([]);

    // The youth office records the young person's answer, then goes back to the board (from the
    // device's cache) and calls the other crisis off.
    await office.getByRole('button', { name: 'Zusage für Junger Mensch erfassen' }).click();
    await office.locator('.queue-status[data-count="1"]').waitFor();
    await office.goBack();
    await office.getByText(/^Stand von \d\d:\d\d, offline$/).waitFor();
    await office.getByLabel('Grund für den Abbruch').fill('Fehlalarm, Jugendliche ist zu Hause');
    await office.getByRole('button', { name: 'Abbrechen (Fehlalarm)' }).click();
    await office.getByText('Abbruch offline erfasst – wartet auf Verbindung').waitFor();
    await office.locator('.queue-status[data-count="2"]').waitFor();
    await screenshot(office, 'installed-app-offline-cancel-queued');
    expect(await seriousA11yViolations(office)).toEqual([]);

    for (const c of [clinicContext, dispatchContext, officeContext]) await c.setOffline(false);
    for (const p of [clinic, dispatch, office]) {
      await p.locator('.queue-status[data-count="0"]').waitFor({ state: 'attached', timeout: 45_000 });
    }
    const [admission] = await waitForEvents(caseE, 'AdmissionDecided', 1);
    const [report] = await waitForEvents(caseE, 'AmbulanceDispatchReported', 1);
    const [cancelled] = await waitForEvents(caseF, 'CrisisCancelled', 1);
    const answers = (await waitForEvents(caseH, 'InvitationAnswered', 1)).filter(
      (e) => e.data.party === 'young_person',
    );
    expect(answers).toHaveLength(1);
    for (const [e, arrivedAt] of [
      [admission!, admission!.data.decidedAt],
      [report!, report!.data.reportedAt],
      [cancelled!, cancelled!.data.cancelledAt],
      [answers[0]!, answers[0]!.data.answeredAt],
    ] as const) {
      const device = e.data.actedOnDevice as DeviceTime;
      expect(device.bounded).toBe(false);
      expect(Date.parse(device.at)).toBeLessThan(Date.parse(arrivedAt as string));
    }
    expect(admission!.data).toMatchObject({ crisisId: crisisE, decision: 'admitted_voluntary' });
    // The arrival is the time the Leitstelle typed, not minutes counted from when the queue was sent.
    const expected = new Date(report!.data.expectedArrivalAt as string);
    expect(
      new Intl.DateTimeFormat('de-DE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(
        expected,
      ),
    ).toBe(typed);
    expect(report!.data.dispatchReference).toBe(reference);
  });
});
