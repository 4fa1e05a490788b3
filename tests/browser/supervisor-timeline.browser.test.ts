import type { TaskInboxResponse } from '@hilfenetz/contracts';
import type { Browser, BrowserContext } from 'playwright-core';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { lindenauCaseId, openDataSource } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { apiCall, newCaseId } from './support/api';
import { launchBrowser, login, newUserContext, pickOption, screenshot, seriousA11yViolations } from './support/browser';

jest.setTimeout(120_000);

/** Journey 3: the supervisor reads a case's timeline, filters it, checks integrity and access, exports it. */
describe('supervisor timeline', () => {
  let browser: Browser;
  let context: BrowserContext;
  const caseId = newCaseId('AUFS');
  // What partners, the event store and outsiders name the case by (docs/adr/0024); Lindenau's own
  // staff use the reference.
  const fullId = lindenauCaseId(caseId);

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newUserContext(browser);
    // A registered case with a crisis whose clinic task was acknowledged (through the API). The
    // guardian's number is on file, so the guardian is texted (and reached) rather than documented
    // unreachable at once: the one escalation below stays the only one.
    await apiCall('fachkraft', 'POST', '/cases', {
      caseId,
      youngPerson: { givenName: 'Mia', familyName: 'Testfall', dateOfBirth: '2011-04-02' },
      guardians: [{ name: 'Sabine Testfall', relation: 'mother', phone: '+4915112345678', preferredChannel: 'phone' }],
    });
    const { crisisId } = await apiCall<{ crisisId: string }>('fachkraft', 'POST', `/cases/${caseId}/crises`, {
      dangerKind: 'self',
      urgency: 'immediate',
    });
    // Acknowledge as the clinic would: once the task is in its inbox. The workflow accepts an
    // acknowledgement as soon as it has decided the notification, before that notification is
    // written; acknowledging at once could put TaskAcknowledged ahead of the clinic's PartyNotified
    // in the case stream, and the SLA figures (which need the task opened first) then count the
    // clinic as unacknowledged: the "waiting for the clinic's SLA row" failure on fast re-runs.
    const deadline = Date.now() + 45_000;
    for (;;) {
      const inbox = await apiCall<TaskInboxResponse>('klinik', 'GET', `/tasks?status=open&caseId=${fullId}`);
      if (inbox.tasks.some((t) => t.crisisId === crisisId && t.taskId === 'task-clinic')) break;
      if (Date.now() > deadline) throw new Error('the clinic task never reached the clinic inbox');
      await new Promise((r) => setTimeout(r, 250));
    }
    await apiCall('klinik', 'POST', `/cases/${fullId}/crises/${crisisId}/tasks/task-clinic/acknowledge`, {});
    // The Leitstelle's inbox is open (its desk has no other channel): the task reached it, so it
    // is not handed on as "not reached" while this test looks at the timeline.
    await apiCall('leitstelle', 'POST', `/cases/${fullId}/crises/${crisisId}/tasks/task-ambulance/delivery`, {
      state: 'delivered',
    });
    // A missed deadline, as the workflow records it after minutes: written straight into the store.
    const ds = await openDataSource(process.env.BROWSER_DATABASE_URL ?? '', 1);
    try {
      const now = new Date();
      await new PostgresEventStore(ds).append(`case-${fullId}`, [
        {
          eventId: randomUUID(),
          type: 'TaskEscalated',
          schemaVersion: 1,
          data: {
            crisisId,
            taskId: 'task-ambulance',
            party: 'ambulance',
            cause: 'deadline_missed',
            missedDeadline: new Date(now.getTime() - 1_000).toISOString(),
            step: 0,
            kind: 'next_contact',
            fromContactId: 'contact-leitstelle-desk',
            toContactId: 'contact-leitstelle-lead',
            toOrganisationId: 'org-leitstelle-lindenau',
            escalatedAt: now.toISOString(),
            deadline: new Date(now.getTime() + 300_000).toISOString(),
          },
          metadata: { actorId: 'system', actorRole: 'system', correlationId: randomUUID() },
        },
      ]);
    } finally {
      await ds.destroy();
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
    while ((await page.getByRole('heading', { name: /Aufgabe eskaliert/ }).count()) === 0) {
      if (Date.now() > deadline) throw new Error('the escalation never showed in the timeline');
      await new Promise((r) => setTimeout(r, 500));
      await page.getByRole('button', { name: 'Neu laden' }).click();
    }
    await page.getByRole('heading', { name: 'Fall angelegt' }).waitFor();
    await page.getByRole('heading', { name: 'Krise ausgelöst' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Beteiligte benachrichtigt' }).count()).toBe(5);
    const ackEntry = entries.filter({ has: page.getByRole('heading', { name: 'Aufgabe bestätigt' }) });
    await ackEntry
      .getByText(
        /Klinik \(KJP\) · Herr Nowak \(KJP St\. Marien\) \(u-kjp-0001\) · Kinder- und Jugendpsychiatrie St\. Marien \(org-kjp-st-marien\)/,
      )
      .waitFor();

    // The missed deadline stands out, in words as well as colour.
    const escalated = entries.filter({ has: page.getByRole('heading', { name: /Aufgabe eskaliert/ }) });
    await escalated.getByText('Frist verpasst').first().waitFor();
    await expect(escalated.getAttribute('class')).resolves.toContain('timeline__entry--alert');

    await page.getByText(/Integrität geprüft: \d+ Ereignisse, Hash-Kette lückenlos/).waitFor();
    const sla = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Beteiligte' }) });
    await sla.getByRole('row', { name: /Klinik \(KJP\) 1 1 von 1 0/ }).waitFor();
    await sla.getByRole('row', { name: /Rettungsdienst \(Leitstelle\) 1 0 von 1 1/ }).waitFor();
    const access = page.locator('section', { has: page.getByRole('heading', { name: 'Zugriffsprotokoll' }) });
    await access.getByRole('cell', { name: 'u-ja-0100' }).first().waitFor();
    await screenshot(page, 'supervisor-timeline');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Filter by party: only the clinic's events remain.
    const before = await entries.count();
    await pickOption(page, 'Beteiligte', 'Klinik (KJP)');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.getByText('(gefiltert)').waitFor();
    const clinicOnly = await entries.count();
    expect(clinicOnly).toBeGreaterThan(0);
    expect(clinicOnly).toBeLessThan(before);
    // Only escalations and missed deadlines: the one escalation.
    // By keyboard: Enter opens the list on the chosen entry, Home goes to "Alle Beteiligten", Enter takes it.
    await page.getByRole('button', { name: 'Klinik (KJP) Beteiligte' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('listbox').waitFor();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Alle Beteiligten Beteiligte' }).waitFor();
    await pickOption(page, 'Ereignis', 'Nur Eskalationen und verpasste Fristen');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.getByText('1 Eintrag (gefiltert)').waitFor();
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

    // PDF for courts: fetched with the token as well, offered as a file that really is a PDF.
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Als PDF exportieren' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`zeitleiste-${caseId}.pdf`);
    const bytes = await readFile(await pdf.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('a caseworker of a youth office outside the network reads nothing of the timeline, with or without a reason', async () => {
    const outsider = await newUserContext(browser);
    try {
      // No partner of Lindenau's agreement: the API answers as for an unknown case (docs/adr/0019).
      const page = await login(outsider, 'fachkraft-nachbar', '/');
      const answered = page.waitForResponse((r) => r.url().includes(`/cases/${fullId}/timeline`));
      await page.goto(page.url().replace(/\/[^/]*$/, `/zeitleiste?fall=${fullId}`));
      expect((await answered).status()).toBe(404);
      await page.getByRole('alert').filter({ hasText: 'Zeitleiste nicht abrufbar' }).waitFor();
      expect(await page.getByRole('heading', { name: 'Notfallzugriff nötig' }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Krise ausgelöst' }).count()).toBe(0);
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      await outsider.close();
    }
  });
});
