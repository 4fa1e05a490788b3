import type { Browser, BrowserContext } from 'playwright-core';
import { lindenauCaseId } from '@hilfenetz/testing';
import { apiCall, newCaseId } from './support/api';
import { launchBrowser, login, newUserContext, screenshot, seriousA11yViolations } from './support/browser';

jest.setTimeout(120_000);

/** § 4 KKG in German: the clinic reports a concern, the youth office answers, the clinic reads the answer. */
describe('Meldung nach § 4 KKG screens', () => {
  let browser: Browser;
  let clinicContext: BrowserContext;
  let officeContext: BrowserContext;
  const caseId = newCaseId('KKG');
  // The clinic names the case by its full id (docs/adr/0024).
  const fullId = lindenauCaseId(caseId);

  beforeAll(async () => {
    browser = await launchBrowser();
    clinicContext = await newUserContext(browser);
    officeContext = await newUserContext(browser);
    await apiCall('fachkraft', 'POST', '/cases', {
      caseId,
      youngPerson: { givenName: 'Paul', familyName: 'Meldung', dateOfBirth: '2016-02-02' },
    });
  });
  afterAll(async () => {
    await clinicContext?.close();
    await officeContext?.close();
    await browser?.close();
  });

  it('the clinic reports, the youth office gives the two answers, the clinic reads them', async () => {
    const clinic = await login(clinicContext, 'klinik', `/faelle/${fullId}/kkg-meldungen`);
    await clinic.getByRole('heading', { level: 1, name: /Meldungen nach § 4 KKG im Fall/ }).waitFor();
    await clinic.getByText('Keine Meldungen Ihrer Stelle zu diesem Fall.').waitFor();
    // Without a profession the form says what is missing; nothing is sent.
    await clinic.getByLabel('Beobachtete Anhaltspunkte').fill('Hämatome unterschiedlichen Alters bei der Aufnahme.');
    await clinic.getByRole('button', { name: 'Meldung absenden' }).click();
    await clinic.getByText('Bitte ausfüllen.').waitFor();
    await clinic.getByRole('radiogroup', { name: 'Meldende Berufsgruppe' }).getByText('Klinik').click();
    await clinic.getByRole('button', { name: 'Meldung absenden' }).click();
    await clinic.getByText('Rückmeldung ausstehend', { exact: true }).waitFor();
    await screenshot(clinic, 'kkg-meldung-klinik');
    expect(await seriousA11yViolations(clinic)).toEqual([]);

    const office = await login(officeContext, 'fachkraft', `/faelle/${caseId}`);
    await office.getByRole('link', { name: 'Meldungen nach § 4 KKG' }).click();
    await office.getByRole('heading', { name: 'Rückmeldung an die meldende Stelle (§ 4 Abs. 4 KKG)' }).waitFor();
    await office
      .getByRole('radiogroup', { name: 'Sieht das Jugendamt die gewichtigen Anhaltspunkte bestätigt?' })
      .getByText('Ja')
      .click();
    await office
      .getByRole('radiogroup', { name: 'Ist das Jugendamt zum Schutz des Kindes tätig geworden und noch tätig?' })
      .getByText('Ja')
      .click();
    await office.getByRole('button', { name: 'Rückmeldung geben' }).click();
    await office.getByText('Rückmeldung gegeben').waitFor();
    expect(await seriousA11yViolations(office)).toEqual([]);

    await clinic.getByRole('button', { name: 'Neu laden' }).click();
    await clinic.getByText('Rückmeldung gegeben').waitFor();
    const answers = clinic.locator('dl.facts');
    await answers.getByText('Anhaltspunkte bestätigt').waitFor();
    expect(await answers.getByText('Ja', { exact: true }).count()).toBe(2);
    // The feedback carries nothing of the case beyond the two answers.
    expect(await clinic.getByText('Hämatome').count()).toBe(0);
    await screenshot(clinic, 'kkg-rueckmeldung-klinik');
    expect(await seriousA11yViolations(clinic)).toEqual([]);

    // The answer also reaches the clinic's inbox, across cases: the two answers and a link, nothing more.
    await clinic.getByRole('link', { name: 'Aufgaben', exact: true }).click();
    await clinic.getByRole('heading', { level: 1, name: 'Aufgaben' }).waitFor();
    const card = clinic.locator('li.task[data-kind="kkg_feedback_received"]', { hasText: caseId });
    await card.waitFor({ timeout: 45_000 });
    await card.getByText('Rückmeldung des Jugendamts nach § 4 Abs. 4 KKG').waitFor();
    await card.getByText('Anhaltspunkte bestätigt').waitFor();
    expect(await card.getByText('Ja', { exact: true }).count()).toBe(2);
    expect(await card.getByText('Hämatome').count()).toBe(0);
    await screenshot(clinic, 'kkg-rueckmeldung-aufgaben-klinik');
    expect(await seriousA11yViolations(clinic)).toEqual([]);
    await card.getByRole('link', { name: /Zu den KKG-Meldungen/ }).click();
    await clinic.getByRole('heading', { level: 1, name: /Meldungen nach § 4 KKG im Fall/ }).waitFor();

    // The clinic takes note of the feedback: the entry leaves its open list (ADR 0041).
    await clinic.getByRole('link', { name: 'Aufgaben', exact: true }).click();
    await card.waitFor({ timeout: 45_000 });
    await card.getByRole('button', { name: 'Zur Kenntnis genommen' }).click();
    await clinic.getByText('Zur Kenntnis genommen – die Rückmeldung verlässt die offene Liste.').waitFor();
    await screenshot(clinic, 'kkg-rueckmeldung-zur-kenntnis-genommen');
    expect(await seriousA11yViolations(clinic)).toEqual([]);
    await clinic.reload();
    await clinic.getByRole('heading', { level: 1, name: 'Aufgaben' }).waitFor();
    await card.waitFor({ state: 'detached', timeout: 45_000 });
  });
});
