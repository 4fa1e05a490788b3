import type { TaskInboxResponse } from '@hilfenetz/contracts';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiCall, newCaseId } from './support/api';
import { choose, launchBrowser, login, newUserContext, screenshot, seriousA11yViolations } from './support/browser';
import { lindenauCaseId } from '@hilfenetz/testing';

jest.setTimeout(120_000);

/**
 * The Lagebild page (issue 11 §5): the caseworker opens it from the crisis board, reads the full
 * version, switches to the Runder Tisch's (nothing identifying on screen), downloads the PDF; the
 * Leitstelle sees its own version without a switch.
 */
describe('Lagebild page', () => {
  let browser: Browser;
  let context: BrowserContext;
  const caseId = newCaseId('LAGE');
  // What partners name the case by (docs/adr/0024); Lindenau's own staff use the reference.
  const fullId = lindenauCaseId(caseId);
  const tag = randomUUID().slice(0, 6);
  const familyName = `Brenner${tag}`;
  const location = `Bahnhof Lindenau, Gleis 3 (${tag})`;
  let crisisId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newUserContext(browser);
    await apiCall('fachkraft', 'POST', '/cases', {
      caseId,
      youngPerson: { givenName: 'Lea', familyName, dateOfBirth: '2010-02-14' },
      careProviderOrganisationId: 'org-traeger-birkenhof',
      guardians: [{ name: `Tom ${familyName}`, relation: 'father', phone: '+4915799990077' }],
    });
    ({ crisisId } = await apiCall<{ crisisId: string }>('fachkraft', 'POST', `/cases/${caseId}/crises`, {
      dangerKind: 'self',
      urgency: 'immediate',
      location,
      note: `Steht am Gleis ${tag}`,
      callbackPhone: '+4915112340077',
    }));
    const deadline = Date.now() + 45_000;
    for (;;) {
      const inbox = await apiCall<TaskInboxResponse>('klinik', 'GET', `/tasks?status=open&caseId=${fullId}`);
      if (inbox.tasks.some((t) => t.crisisId === crisisId && t.taskId === 'task-clinic')) break;
      if (Date.now() > deadline) throw new Error('the clinic task never reached the clinic inbox');
      await new Promise((r) => setTimeout(r, 250));
    }
    await apiCall('klinik', 'POST', `/cases/${fullId}/crises/${crisisId}/tasks/task-clinic/acknowledge`, {});
    await apiCall('leitstelle', 'POST', `/cases/${fullId}/crises/${crisisId}/ambulance-dispatch`, {
      dispatchReference: `E-${tag}`,
      etaMinutes: 9,
    });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('the caseworker opens it from the board, switches to the Runder Tisch version and downloads the PDF', async () => {
    const page = await login(context, 'fachkraft', `/faelle/${caseId}/krisen/${crisisId}`);
    await page.getByRole('link', { name: 'Lagebild anzeigen' }).click();
    await page.getByRole('heading', { level: 1, name: /Lagebild/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Lage' }).waitFor();
    const main = page.locator('main');
    await main.getByText(`Lea ${familyName}`).waitFor();
    await main.getByText(location).waitFor();
    await main
      .getByText(/Einsatznummer E-/)
      .first()
      .waitFor();
    for (const heading of ['Maßnahmen', 'Bedarf', 'Verlauf']) {
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
    }
    expect(await page.getByRole('radio', { name: /Fachaufsicht/ }).isChecked()).toBe(true);
    await main.getByText('Keine Aufnahmeentscheidung der Klinik').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'lagebild-fachaufsicht');

    await choose(page.getByRole('radio', { name: /Runder Tisch/ }));
    await main.getByText(/keine personenbezogenen Daten/).waitFor();
    await page.waitForURL(/fassung=runder_tisch/);
    await main.getByText(`Lea ${familyName}`).waitFor({ state: 'detached' });
    const text = await main.innerText();
    for (const secret of [tag, familyName, 'Bahnhof', '+49', 'Aydın', '2010', 'Nowak']) {
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
    await main.getByText('Kreisjugendamt Lindenau').first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'lagebild-runder-tisch');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Als PDF herunterladen' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('lagebild-runder-tisch.pdf');
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.close();
  });

  it('the Leitstelle sees its own version only: where, how urgent, whom to call back — no name', async () => {
    const leitstelle = await browser.newContext({
      viewport: { width: 1024, height: 768 },
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    try {
      const page = await login(leitstelle, 'leitstelle', `/faelle/${fullId}/krisen/${crisisId}/lagebild`);
      const main = page.locator('main');
      await main.getByText(location).waitFor();
      await main.getByText('+4915112340077').waitFor();
      expect(await page.getByRole('radiogroup').count()).toBe(0);
      expect(await main.innerText()).not.toContain(familyName);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, 'lagebild-leitstelle');
    } finally {
      await leitstelle.close();
    }
  });
});
