import type { Browser, BrowserContext } from 'playwright-core';
import { apiCall, newCaseId } from './support/api';
import { launchBrowser, login, newUserContext, pickOption, screenshot, seriousA11yViolations } from './support/browser';
import { lindenauCaseId } from '@hilfenetz/testing';

jest.setTimeout(120_000);

/** A calendar day `days` from now, as Berlin reads it: YYYY-MM-DD and DD.MM.YYYY. */
function dayFromNow(days: number): { iso: string; german: string } {
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
  const [y, m, d] = iso.split('-');
  return { iso, german: `${d}.${m}.${y}` };
}

/** The caseworker's Hilfeplanung: start, schedule, record the family's answers, record the plan. */
describe('Hilfeplanung screens', () => {
  let browser: Browser;
  let context: BrowserContext;
  const caseId = newCaseId('HPL');
  // What partners and outsiders name the case by (docs/adr/0024); Lindenau's own staff use the reference.
  const fullId = lindenauCaseId(caseId);

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newUserContext(browser);
    await apiCall('fachkraft', 'POST', '/cases', {
      caseId,
      youngPerson: { givenName: 'Lena', familyName: 'Planfall', dateOfBirth: '2010-03-15' },
    });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('starts the planning, schedules the meeting, records a plan with a goal and a measure', async () => {
    const page = await login(context, 'fachkraft', `/faelle/${caseId}/hilfeplanung`);
    await page.getByRole('heading', { level: 1, name: `Hilfeplanung im Fall ${caseId}` }).waitFor();
    await page.getByRole('heading', { name: 'Keine laufende Hilfeplanung' }).waitFor();
    // The clinic that takes part is chosen from the agreement's clinics; only it reads the planning.
    await pickOption(page, 'Beteiligte Klinik (optional)', 'Kinder- und Jugendpsychiatrie St. Marien');
    await page.getByRole('button', { name: 'Hilfeplanung beginnen' }).click();
    await page.getByText('Hilfeplangespräch ist zu terminieren').waitFor();
    // The chosen clinic now takes part: it reads the planning; another clinic is answered as for an
    // unknown case.
    const read = await apiCall<{ caseId: string }>('klinik', 'GET', `/cases/${fullId}/hilfeplanung`);
    expect(read.caseId).toBe(fullId);
    await expect(apiCall('klinik-nord', 'GET', `/cases/${fullId}/hilfeplanung`)).rejects.toThrow(/HTTP 404/);
    await page.getByText('Zu terminieren bis').waitFor();

    // Schedule the meeting for the day after tomorrow, 10 o'clock.
    const meeting = dayFromNow(2);
    await page.getByLabel('Datum und Uhrzeit des Gesprächs').fill(`${meeting.iso}T10:00`);
    await page.getByRole('button', { name: 'Termin festlegen' }).click();
    await page.getByText('Hilfeplangespräch terminiert').waitFor();
    await page.getByText(`${meeting.german}, 10:00:00 Uhr`).first().waitFor();

    // The youth office records the family's answers.
    const invitations = page.getByRole('table', { name: 'Einladungen zum Hilfeplangespräch' });
    await invitations.getByRole('row', { name: /Junger Mensch/ }).waitFor();
    await page.getByRole('button', { name: 'Zusage für Junger Mensch erfassen' }).click();
    await invitations.getByRole('row', { name: /Junger Mensch Zugesagt/ }).waitFor();
    await page.getByRole('button', { name: 'Zusage für Sorgeberechtigte erfassen' }).click();
    await invitations.getByRole('row', { name: /Sorgeberechtigte Zugesagt/ }).waitFor();
    const statements = page.getByRole('table', { name: 'Angeforderte Stellungnahmen' });
    await statements.getByRole('row', { name: /Klinik \(KJP\) Angefordert/ }).waitFor();

    // The plan form after the meeting (opened after the answers, so it takes them as participants).
    await page.reload();
    await page.getByRole('heading', { name: 'Hilfeplan erfassen' }).waitFor();
    const youngPerson = page.getByRole('group', { name: 'Teilgenommen haben' }).getByLabel('Junger Mensch');
    await expect(youngPerson.isChecked()).resolves.toBe(true);
    await page.getByLabel('Sicht des jungen Menschen – in eigenen Worten').fill('Ich will wieder zur Schule gehen.');

    // Without goals the API refuses; the German message stands next to the goals.
    await page.getByRole('button', { name: 'Ziel 1 entfernen' }).click();
    await page.getByRole('button', { name: 'Hilfeplan speichern' }).click();
    const goals = page.getByRole('group', { name: 'Ziele' });
    await goals.getByText('Bitte mindestens ein Ziel eintragen: Ein Hilfeplan braucht mindestens ein Ziel.').waitFor();
    await page.getByText('Hilfeplan nicht gespeichert').waitFor();
    // Focus moves into the goals, where the message is read out with the group.
    await page.waitForFunction("document.activeElement?.id === 'planAddGoal'");
    await screenshot(page, 'hilfeplanung-plan-form');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // One goal, one measure serving it, and a review date.
    await page.getByRole('button', { name: 'Ziel hinzufügen' }).click();
    await page.getByLabel('Ziel 1', { exact: true }).fill('Regelmäßiger Schulbesuch');
    await page.getByRole('button', { name: 'Maßnahme hinzufügen' }).click();
    await page.getByLabel('Maßnahme 1', { exact: true }).fill('Schulbegleitung an drei Tagen pro Woche');
    await pickOption(page, 'Dient dem Ziel', /^Ziel 1: Regelmäßiger Schulbesuch/);
    await pickOption(page, 'Verantwortlich', 'Träger');
    await page.getByLabel('Erledigt bis').fill(dayFromNow(30).iso);
    const review = dayFromNow(120);
    await page.getByLabel('Nächste Überprüfung (optional)').fill(review.iso);
    await page.getByRole('button', { name: 'Hilfeplan speichern' }).click();

    await page.getByText('Hilfeplan gilt').waitFor();
    const plan = page.locator('section', { has: page.getByRole('heading', { name: 'Hilfeplan', exact: true }) });
    await plan.getByText('Regelmäßiger Schulbesuch').waitFor();
    await plan.getByText(/Schulbegleitung an drei Tagen pro Woche – verantwortlich: Träger/).waitFor();
    await plan.getByText('Ich will wieder zur Schule gehen.').waitFor();
    await plan.getByText(review.german).waitFor();
    const status = page.locator('section', { has: page.getByRole('heading', { name: 'Stand' }) });
    await status.getByText(review.german).waitFor();
    await page.getByRole('heading', { name: 'Frühere Überprüfung' }).waitFor();

    await screenshot(page, 'hilfeplanung');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('someone outside the lead office’s network learns nothing of the planning, not even that the case exists', async () => {
    const outsider = await newUserContext(browser);
    try {
      // The neighbouring district is no partner of Lindenau's agreement: no break-glass is offered,
      // the API answers as for an unknown case (docs/adr/0019), and the page shows what it shows then.
      const page = await login(outsider, 'fachkraft-nachbar', '/');
      const answered = page.waitForResponse((r) => r.url().endsWith(`/cases/${fullId}/hilfeplanung`));
      await page.goto(page.url().replace(/\/[^/]*$/, `/faelle/${fullId}/hilfeplanung`));
      expect((await answered).status()).toBe(404);
      await page.getByRole('heading', { name: new RegExp(caseId) }).waitFor();
      expect(await page.getByRole('heading', { name: 'Notfallzugriff nötig' }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Stand' }).count()).toBe(0);
      expect(await page.getByText('Regelmäßiger Schulbesuch').count()).toBe(0);
      await screenshot(page, 'hilfeplanung-outsider');
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      await outsider.close();
    }
  });
});
