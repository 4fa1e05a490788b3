import type { Browser, BrowserContext } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { apiCall, newCaseId } from './support/api';
import { launchBrowser, login, newUserContext, screenshot, seriousA11yViolations } from './support/browser';

jest.setTimeout(120_000);

/** Journey 3: the supervisor reads a case's timeline, filters it, checks integrity and access, exports it. */
describe('supervisor timeline', () => {
  let browser: Browser;
  let context: BrowserContext;
  const caseId = newCaseId('AUFS');

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newUserContext(browser);
    // A registered case with a crisis whose clinic task was acknowledged (through the API).
    await apiCall('fachkraft', 'POST', '/cases', {
      caseId,
      youngPerson: { givenName: 'Mia', familyName: 'Testfall', dateOfBirth: '2011-04-02' },
    });
    const { crisisId } = await apiCall<{ crisisId: string }>('fachkraft', 'POST', `/cases/${caseId}/crises`, {
      dangerKind: 'self',
      urgency: 'immediate',
    });
    const deadline = Date.now() + 45_000;
    for (;;) {
      try {
        await apiCall('klinik', 'POST', `/cases/${caseId}/crises/${crisisId}/tasks/task-clinic/acknowledge`, {});
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('shows every event with actor, organisation and time, SLA figures, integrity and the access log', async () => {
    const page = await login(context, 'leitung', `/zeitleiste?fall=${caseId}`);
    const entries = page.locator('ol.timeline > li');
    // The projection catches up within a moment; a reload (button) shows the newest state.
    const deadline = Date.now() + 45_000;
    while ((await page.getByRole('heading', { name: 'Aufgabe bestätigt' }).count()) === 0) {
      if (Date.now() > deadline) throw new Error('the acknowledgement never showed in the timeline');
      await new Promise((r) => setTimeout(r, 500));
      await page.getByRole('button', { name: 'Neu laden' }).click();
    }
    await page.getByRole('heading', { name: 'Fall angelegt' }).waitFor();
    await page.getByRole('heading', { name: 'Krise ausgelöst' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Beteiligte benachrichtigt' }).count()).toBe(5);
    const ackEntry = entries.filter({ has: page.getByRole('heading', { name: 'Aufgabe bestätigt' }) });
    await ackEntry.getByText(/Klinik \(KJP\) \(u-kjp-0001\) · org-kjp-st-marien/).waitFor();

    await page.getByText(/Integrität geprüft: \d+ Ereignisse, Hash-Kette lückenlos/).waitFor();
    const sla = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Beteiligte' }) });
    await sla.getByRole('row', { name: /Klinik \(KJP\) 1 1 von 1 0/ }).waitFor();
    const access = page.locator('section', { has: page.getByRole('heading', { name: 'Zugriffsprotokoll' }) });
    await access.getByRole('cell', { name: 'u-ja-0100' }).first().waitFor();
    await screenshot(page, 'supervisor-timeline');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Filter by party: only the clinic's events remain.
    const before = await entries.count();
    await page.getByLabel('Beteiligte', { exact: true }).selectOption('clinic');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.getByText('(gefiltert)').waitFor();
    const clinicOnly = await entries.count();
    expect(clinicOnly).toBeGreaterThan(0);
    expect(clinicOnly).toBeLessThan(before);
    // Only escalations: none yet in this case.
    await page.getByLabel('Beteiligte', { exact: true }).selectOption('');
    await page
      .getByLabel('Ereignis', { exact: true })
      .selectOption({ label: 'Nur Eskalationen und verpasste Fristen' });
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.getByText('Keine Einträge für diese Filter.').waitFor();
    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await page.getByText(`${before} Einträge`, { exact: true }).waitFor();

    // CSV export: a real file download with the token, through a Blob link.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Als CSV exportieren' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`zeitleiste-${caseId}.csv`);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toContain('CrisisTriggered');
    expect(csv).toContain('TaskAcknowledged');
  });
});
