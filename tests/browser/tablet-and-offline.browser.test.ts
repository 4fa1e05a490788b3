import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiCall, newCaseId } from './support/api';
import { browserStack, launchBrowser, login, screenshot, seriousA11yViolations } from './support/browser';

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

  /** Every record of the app's IndexedDB as text: ids, kinds and the stored bytes read as Latin-1. */
  const IDB_DUMP = `(async () => {
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('hilfenetz-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    if (!db.objectStoreNames.contains('records')) return { count: 0, kinds: [], text: '' };
    const all = await new Promise((resolve, reject) => {
      const req = db.transaction('records').objectStore('records').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    const bytes = (b) => String.fromCharCode(...new Uint8Array(b instanceof ArrayBuffer ? b : b.buffer));
    return {
      count: all.length,
      kinds: all.map((r) => r.kind),
      text: all.map((r) => r.id + ' ' + r.kind + ' ' + bytes(r.data)).join('\\n'),
    };
  })()`;
  const idbDump = (page: Page) => page.evaluate<{ count: number; kinds: string[]; text: string }>(IDB_DUMP);

  /** The timeline's events of one type, as the supervisor's API reads them. */
  const eventsOf = async (forCase: string, type: string) => {
    const page = await apiCall<{ entries: { type: string; data: Record<string, unknown> }[] }>(
      'leitung',
      'GET',
      `/cases/${forCase}/timeline?limit=500`,
    );
    return page.entries.filter((e) => e.type === type);
  };
  /** Polls until the read model shows at least `n` (projections are asynchronous); then the exact count. */
  const waitForEvents = async (forCase: string, type: string, n: number) => {
    for (let i = 0; i < 90; i++) {
      const found = await eventsOf(forCase, type);
      if (found.length >= n) return found;
      await new Promise((r) => setTimeout(r, 500));
    }
    return eventsOf(forCase, type);
  };

  it('offline: pages show their last state, actions wait encrypted in a queue and arrive once when back online', async () => {
    const offlineCase = newCaseId('OFF');
    await apiCall('fachkraft', 'POST', '/cases', {
      caseId: offlineCase,
      youngPerson: { givenName: 'Olga', familyName: 'Offlinefall', dateOfBirth: '2011-03-07' },
    });

    // The clinic opens its inbox online: the tasks and their briefings are kept, encrypted.
    const clinicContext = await context({ width: 1024, height: 768 });
    const clinic = await login(clinicContext, 'klinik', '/aufgaben');
    const card = clinic.locator('li.task', { hasText: caseId });
    await card.waitFor({ timeout: 45_000 });
    await card.getByRole('button', { name: 'Übernehmen und bestätigen' }).waitFor();

    // The caseworker opens the crisis board (kept as the last state) and the trigger form.
    const caseworkerContext = await context({ width: 1024, height: 768 });
    const caseworker = await login(caseworkerContext, 'fachkraft', `/faelle/${caseId}/krisen/${crisisId}`);
    await caseworker.locator('.board__party').first().waitFor({ timeout: 45_000 });

    // Offline: the inbox says so, with the time of the state it shows.
    await clinicContext.setOffline(true);
    await clinic.getByText('Keine Netzwerkverbindung', { exact: true }).waitFor();
    await clinic.getByText(/^Stand von \d\d:\d\d, offline$/).waitFor();
    // Acknowledging works offline: kept, counted in the header, marked on the card.
    await card.getByRole('button', { name: 'Übernehmen und bestätigen' }).click();
    await clinic
      .getByText(/offline erfasst: Sie wartet auf Verbindung/)
      .first()
      .waitFor();
    await clinic.locator('.queue-status', { hasText: '1 wartet auf Verbindung' }).waitFor();
    await card.getByText('Wartet auf Verbindung', { exact: true }).waitFor();
    await screenshot(clinic, 'offline-clinic-ack-queued');
    expect(await seriousA11yViolations(clinic)).toEqual([]);

    // At rest in the browser everything is ciphertext: no name, no place, no case reference.
    const stored = await idbDump(clinic);
    expect(stored.kinds).toContain('queue');
    expect(stored.kinds).toContain('state');
    for (const clear of ['Tabletfall', 'Birkenhof', caseId, 'acknowledge', '2010-01-05']) {
      expect(stored.text).not.toContain(clear);
    }

    // The caseworker triggers offline for another case: kept too.
    await caseworkerContext.setOffline(true);
    await caseworker.getByText(/^Stand von \d\d:\d\d, offline$/).waitFor();
    await screenshot(caseworker, 'offline-crisis-board-last-state');
    expect(await seriousA11yViolations(caseworker)).toEqual([]);
    await caseworker.getByRole('link', { name: 'Krise auslösen' }).first().click();
    await caseworker.getByLabel('Fall-Referenz').fill(offlineCase);
    await caseworker.getByText('Selbstgefährdung', { exact: true }).click();
    await caseworker.getByLabel(/Wo ist das Kind/).fill('Keller der Wohngruppe Offlinehaus');
    await caseworker.getByRole('button', { name: 'Krise jetzt auslösen' }).click();
    await caseworker.getByText('Krise offline erfasst – wartet auf Verbindung').waitFor();
    await caseworker.locator('.queue-status', { hasText: '1 wartet auf Verbindung' }).waitFor();
    await screenshot(caseworker, 'offline-trigger-queued');
    expect(await seriousA11yViolations(caseworker)).toEqual([]);
    const caseworkerStore = await idbDump(caseworker);
    for (const clear of ['Offlinehaus', offlineCase, 'Olga']) expect(caseworkerStore.text).not.toContain(clear);

    // A reload while the server is out of reach keeps the queue (same tab, same session key).
    // Only the API: the dev server's own modules live under /src/api/ too.
    const apiCalls = (url: URL) => url.pathname.startsWith('/api/');
    await caseworker.route(apiCalls, (route) => route.abort('internetdisconnected'));
    await caseworkerContext.setOffline(false);
    await caseworker.reload();
    await caseworker.locator('.queue-status', { hasText: '1 wartet auf Verbindung' }).waitFor();

    // Back online: each queued action is sent once, in order, and the queue empties.
    await clinicContext.setOffline(false);
    await clinic.locator('.queue-status[data-count="0"]').waitFor({ state: 'attached', timeout: 30_000 });
    await card.getByText('Bestätigt', { exact: true }).first().waitFor({ timeout: 30_000 });
    await caseworker.unroute(apiCalls);
    await caseworker.locator('.queue-status[data-count="0"]').waitFor({ state: 'attached', timeout: 30_000 });

    const acks = (await waitForEvents(caseId, 'TaskAcknowledged', 1)).filter((e) => e.data.taskId === 'task-clinic');
    expect(acks).toHaveLength(1);
    // The auditable merge: the device time of acting beside the time it arrived, not after it.
    const device = acks[0]!.data.actedOnDevice as { at: string; bounded: boolean };
    expect(device.bounded).toBe(false);
    expect(Date.parse(device.at)).toBeLessThanOrEqual(Date.parse(acks[0]!.data.acknowledgedAt as string));
    expect(await waitForEvents(offlineCase, 'CrisisTriggered', 1)).toHaveLength(1);
    await screenshot(clinic, 'offline-clinic-ack-sent');

    // The supervisor's timeline says it was recorded offline, with both times.
    const supervisor = await login(
      await context({ width: 1024, height: 768 }),
      'leitung',
      `/zeitleiste?fall=${caseId}`,
    );
    await supervisor.getByText(/offline erfasst um .+, übertragen um .+ \(Gerätezeit\)/).waitFor({ timeout: 45_000 });
    await screenshot(supervisor, 'offline-timeline-acted-on-device');

    // Logout wipes what the device kept: no record, no key.
    await clinic.getByRole('button', { name: 'Abmelden' }).click();
    await clinic.getByRole('button', { name: 'Anmelden' }).waitFor();
    expect((await idbDump(clinic)).count).toBe(0);
    await expect(clinic.evaluate(`sessionStorage.getItem('hilfenetz.offline.seed')`)).resolves.toBeNull();
  });

  it('offline trigger for a case whose crisis started meanwhile: it joins the running crisis, and the person is told in German', async () => {
    const joinCase = newCaseId('ZUORD');
    await apiCall('fachkraft', 'POST', '/cases', {
      caseId: joinCase,
      youngPerson: { givenName: 'Jana', familyName: 'Zuordnungsfall', dateOfBirth: '2012-06-01' },
    });
    const c = await context({ width: 1024, height: 768 });
    const caseworker = await login(c, 'fachkraft', `/?fall=${joinCase}`);
    await caseworker.getByRole('button', { name: 'Krise jetzt auslösen' }).waitFor({ timeout: 45_000 });

    // In the cellar: triggered offline, with a note only this person knows.
    await c.setOffline(true);
    await caseworker.getByText('Selbstgefährdung', { exact: true }).click();
    await caseworker.getByLabel(/Wo ist das Kind/).fill('Fahrradkeller im Haus Zuordnung');
    await caseworker.getByRole('button', { name: 'Krise jetzt auslösen' }).click();
    await caseworker.locator('.queue-status', { hasText: '1 wartet auf Verbindung' }).waitFor();
    // Meanwhile the on-call colleague triggers for the same case from the office.
    const { crisisId: running } = await apiCall<{ crisisId: string }>(
      'bereitschaft',
      'POST',
      `/cases/${joinCase}/crises`,
      {
        dangerKind: 'others',
        urgency: 'immediate',
      },
    );

    await c.setOffline(false);
    const notice = caseworker
      .getByRole('status')
      .filter({ hasText: 'Krise lief bereits – Ihre Auslösung wurde der laufenden Krise zugeordnet' });
    await notice.waitFor({ timeout: 30_000 });
    await notice.getByText(/Krise auslösen“ für Fall/).waitFor();
    await notice.getByText(/Es wurde keine zweite angelegt/).waitFor();
    await caseworker.locator('.queue-status[data-count="0"]').waitFor({ state: 'attached' });
    await screenshot(caseworker, 'offline-trigger-joined');
    expect(await seriousA11yViolations(caseworker)).toEqual([]);

    // One crisis; the queued trigger is in its log with the device time, the place sealed.
    const joined = await waitForEvents(joinCase, 'CrisisTriggerJoined', 1);
    expect(joined).toHaveLength(1);
    expect(joined[0]!.data).toMatchObject({ crisisId: running, situation: { sealed: true } });
    expect((joined[0]!.data.actedOnDevice as { bounded: boolean }).bounded).toBe(false);
    expect(await eventsOf(joinCase, 'CrisisTriggered')).toHaveLength(1);
    await notice.getByRole('button', { name: 'Verstanden' }).click();
    await notice.waitFor({ state: 'detached' });

    // Online the same: the form leads to the running crisis, which says so.
    await caseworker.getByRole('link', { name: 'Krise auslösen' }).first().click();
    await caseworker.getByLabel('Fall-Referenz').fill(joinCase);
    await caseworker.getByText('Fremdgefährdung', { exact: true }).click();
    await caseworker.getByRole('button', { name: 'Krise jetzt auslösen' }).click();
    await caseworker.waitForURL(new RegExp(`/krisen/${running}\\?ausgeloest=zugeordnet$`));
    await caseworker
      .getByRole('status')
      .filter({ hasText: 'Krise lief bereits' })
      .getByText(/Ihre Auslösung wurde der laufenden Krise zugeordnet/)
      .waitFor();
    expect(await seriousA11yViolations(caseworker)).toEqual([]);
    expect(await waitForEvents(joinCase, 'CrisisTriggerJoined', 2)).toHaveLength(2);

    // The crisis board lists both joins, the one sent from the queue with its device time.
    await caseworker.reload();
    const joins = caseworker.locator('.offline-entries li[data-kind="trigger_joined"]');
    await joins.nth(1).waitFor({ timeout: 30_000 });
    await joins
      .filter({ hasText: 'Weitere Auslösung – dieser Krise zugeordnet' })
      .filter({ hasText: /offline erfasst um .+ \(Gerätezeit\)/ })
      .first()
      .waitFor();
    await screenshot(caseworker, 'crisis-board-offline-entries');
    expect(await seriousA11yViolations(caseworker)).toEqual([]);
    // So does the Lagebild's course of events.
    await caseworker.getByRole('link', { name: 'Lagebild anzeigen' }).click();
    await caseworker
      .getByText('Weitere Auslösung – der laufenden Krise zugeordnet', { exact: true })
      .first()
      .waitFor({ timeout: 30_000 });
    await caseworker
      .getByText(/offline erfasst um .+ \(Gerätezeit\)/)
      .first()
      .waitFor();
    expect(await seriousA11yViolations(caseworker)).toEqual([]);
  });

  it('offline conflict: an acknowledgement queued while the crisis was cancelled is shown as superseded', async () => {
    const conflictCase = newCaseId('KONF');
    const { crisisId: conflictCrisis } = await apiCall<{ crisisId: string }>(
      'fachkraft',
      'POST',
      `/cases/${conflictCase}/crises`,
      { dangerKind: 'self', urgency: 'urgent' },
    );
    const c = await context({ width: 1024, height: 768 });
    const clinic = await login(c, 'klinik', '/aufgaben');
    const card = clinic.locator('li.task', { hasText: conflictCase });
    await card.getByRole('button', { name: 'Übernehmen und bestätigen' }).waitFor({ timeout: 45_000 });

    await c.setOffline(true);
    await card.getByRole('button', { name: 'Übernehmen und bestätigen' }).click();
    await clinic.locator('.queue-status', { hasText: '1 wartet auf Verbindung' }).waitFor();
    // Meanwhile the youth office calls the crisis off.
    await apiCall('fachkraft', 'POST', `/cases/${conflictCase}/crises/${conflictCrisis}/cancel`, {
      reason: 'Fehlalarm, Jugendlicher wohlauf',
    });
    await waitForEvents(conflictCase, 'CrisisCancelled', 1);

    await c.setOffline(false);
    const notice = clinic.getByRole('alert').filter({ hasText: 'Offline erfasst, aber nicht mehr übernommen' });
    await notice.waitFor({ timeout: 30_000 });
    await notice.getByText(/Aufgabe bestätigen“ für Fall/).waitFor();
    await notice.getByText('Inzwischen wurde die Krise abgebrochen oder abgeschlossen.').waitFor();
    await clinic.locator('.queue-status[data-count="0"]').waitFor({ state: 'attached' });
    await screenshot(clinic, 'offline-conflict-superseded');
    expect(await seriousA11yViolations(clinic)).toEqual([]);
    // Nothing was acknowledged behind the cancellation.
    expect(await eventsOf(conflictCase, 'TaskAcknowledged')).toEqual([]);
    await notice.getByRole('button', { name: 'Verstanden' }).click();
    await notice.waitFor({ state: 'detached' });

    // The youth office's board of the cancelled crisis records the late answer and what happened instead.
    expect(await waitForEvents(conflictCase, 'TaskAnswerSuperseded', 1)).toHaveLength(1);
    const office = await login(
      await context({ width: 1024, height: 768 }),
      'fachkraft',
      `/faelle/${conflictCase}/krisen/${conflictCrisis}`,
    );
    await office
      .locator('.offline-entries li[data-kind="answer_superseded"]')
      .filter({ hasText: 'Offline erfasste Antwort nicht mehr übernommen' })
      .filter({ hasText: 'Bestätigung · Krise inzwischen beendet' })
      .waitFor({ timeout: 30_000 });
    await screenshot(office, 'crisis-board-answer-superseded');
    expect(await seriousA11yViolations(office)).toEqual([]);
  });
});
