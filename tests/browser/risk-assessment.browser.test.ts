import type { Browser, BrowserContext } from 'playwright-core';
import { apiCall, newCaseId } from './support/api';
import { launchBrowser, login, newUserContext, screenshot, seriousA11yViolations } from './support/browser';

jest.setTimeout(120_000);

/** An instant `days` from now as a `datetime-local` value and a calendar day (Berlin). */
function localFromNow(days: number): { dateTime: string; day: string } {
  const d = new Date(Date.now() + days * 86_400_000);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(d);
  return { dateTime: `${day}T09:30`, day };
}

/** The caseworker's § 8a risk assessment from the concern to its decision, in German. */
describe('Gefährdungseinschätzung screens', () => {
  let browser: Browser;
  let context: BrowserContext;
  const caseId = newCaseId('GEF');

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newUserContext(browser);
    await apiCall('fachkraft', 'POST', '/cases', {
      caseId,
      youngPerson: { givenName: 'Jonas', familyName: 'Schutzfall', dateOfBirth: '2015-06-01' },
      careProviderOrganisationId: 'org-traeger-birkenhof',
    });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('starts an assessment, refuses one professional, involves the family and decides on protective steps', async () => {
    const page = await login(context, 'fachkraft', `/faelle/${caseId}`);
    await page.getByRole('link', { name: 'Gefährdungseinschätzung (§ 8a SGB VIII)' }).click();
    await page
      .getByRole('heading', { level: 1, name: `Gefährdungseinschätzung (§ 8a SGB VIII) im Fall ${caseId}` })
      .waitFor();
    await page.getByText('Für diesen Fall wurde noch keine Gefährdungseinschätzung begonnen.').waitFor();

    await page.getByLabel('Gewichtige Anhaltspunkte').fill('Kind kam zweimal mit Hämatomen in die Kita.');
    await page.getByRole('button', { name: 'Gefährdungseinschätzung beginnen' }).click();
    await page.getByText('in Einschätzung').waitFor();
    const steps = page.getByRole('table');
    await steps.getByRole('row', { name: /Gemeinsame Einschätzung \(mind\. zwei Fachkräfte\) offen/ }).waitFor();
    await screenshot(page, 'gefaehrdungseinschaetzung-begonnen');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // One professional only: the API refuses, the page says why; nothing is recorded.
    const now = localFromNow(0);
    await page.getByLabel('Fachkraft 1: Kennung').fill('fachkraft');
    await page.getByLabel('Fachkraft 1: Funktion').fill('fallführende Fachkraft');
    await page.getByLabel('Eingeschätzt am').fill(now.dateTime);
    await page.getByLabel('Einschätzung', { exact: true }).fill('Anhaltspunkte gewichtig, Vater aggressiv.');
    await page.getByRole('button', { name: 'Einschätzung festhalten' }).click();
    await page.getByText('Einschätzung nicht festgehalten').waitFor();
    await page.getByText('Mindestens zwei verschiedene Fachkräfte eintragen (§ 8a Abs. 1 SGB VIII).').waitFor();
    await steps.getByRole('row', { name: /Gemeinsame Einschätzung \(mind\. zwei Fachkräfte\) offen/ }).waitFor();

    await page.getByLabel('Fachkraft 2: Kennung').fill('bereitschaft');
    await page.getByLabel('Fachkraft 2: Funktion').fill('Teamleitung ASD');
    await page.getByRole('button', { name: 'Einschätzung festhalten' }).click();
    await steps.getByRole('row', { name: /Gemeinsame Einschätzung \(mind\. zwei Fachkräfte\) erledigt/ }).waitFor();

    // Before the family's involvement the workflow refuses an ordinary outcome; the page says why.
    await page.getByRole('radiogroup', { name: 'Ergebnis' }).getByText('Keine Gefährdung').click();
    await page.getByLabel('Begründung').fill('Keine Gefährdung erkennbar.');
    await page.getByRole('button', { name: 'Entscheidung festhalten' }).click();
    await page
      .getByText('Zuerst festhalten, wie Kind und Sorgeberechtigte beteiligt wurden (oder warum nicht).')
      .waitFor();

    // The child is involved; the guardians not, with the reason.
    await page.getByRole('radiogroup', { name: 'Kind / Jugendliche*r beteiligt?' }).getByText('Ja').click();
    await page.getByLabel('Beteiligt am').fill(now.dateTime);
    await page
      .getByRole('radiogroup', { name: 'Sorgeberechtigte beteiligt?' })
      .getByText('Nein – würde das Kind gefährden')
      .click();
    await page.getByLabel('Grund, warum nicht beteiligt').fill('Der Vater würde das Kind unter Druck setzen.');
    await page.getByRole('button', { name: 'Beteiligung festhalten' }).click();
    await steps.getByRole('row', { name: /Beteiligung von Kind und Sorgeberechtigten erledigt/ }).waitFor();

    // The outcome: a protection plan with responsible and due date, and the reason.
    await page.getByRole('radiogroup', { name: 'Ergebnis' }).getByText('Gefährdung – Schutzplan').click();
    await page.getByLabel('Begründung').fill('Gefährdung durch engmaschige Begleitung abwendbar.');
    await page.getByLabel('Schutzmaßnahme').fill('Tägliche Anwesenheitskontrolle in der Kita');
    await page.getByLabel('Verantwortlich (Stelle oder Funktion)').fill('Kita Sonnenschein, Leitung');
    await page.getByLabel('Zu erledigen bis').fill(localFromNow(14).day);
    await page.getByRole('button', { name: 'Entscheidung festhalten' }).click();
    await page.getByText('entschieden', { exact: true }).waitFor();
    await page.getByText('Gefährdung – Schutzplan').first().waitFor();
    await page.getByRole('heading', { name: 'Überprüfung festhalten' }).waitFor();
    await steps.getByRole('row', { name: /Überprüfung offen/ }).waitFor();
    // What was written is shown back, opened for the caseworker (the read is access-logged).
    await page.getByText('Kind kam zweimal mit Hämatomen in die Kita.').waitFor();
    await page
      .getByText(/Tägliche Anwesenheitskontrolle in der Kita – verantwortlich: Kita Sonnenschein, Leitung/)
      .waitFor();
    await page.getByText('nein – Der Vater würde das Kind unter Druck setzen.').waitFor();
    await screenshot(page, 'gefaehrdungseinschaetzung-entschieden');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('the crisis page starts an assessment with the crisis as its occasion', async () => {
    const crisisCase = newCaseId('GEFK');
    await apiCall('fachkraft', 'POST', '/cases', {
      caseId: crisisCase,
      youngPerson: { givenName: 'Lara', familyName: 'Krisenfall', dateOfBirth: '2012-03-03' },
    });
    const { crisisId } = await apiCall<{ crisisId: string }>('fachkraft', 'POST', `/cases/${crisisCase}/crises`, {
      dangerKind: 'self',
      urgency: 'urgent',
    });
    // A browser of its own: the first journey's login must not carry over.
    const own = await newUserContext(browser);
    const page = await login(own, 'fachkraft', `/faelle/${crisisCase}/krisen/${crisisId}`);
    await page
      .getByRole('link', { name: 'Gefährdungseinschätzung nach § 8a SGB VIII zu dieser Krise beginnen' })
      .click();
    await page
      .getByRole('heading', { level: 1, name: `Gefährdungseinschätzung (§ 8a SGB VIII) im Fall ${crisisCase}` })
      .waitFor();
    // The occasion is the crisis, already filled in.
    expect(await page.getByRole('radio', { name: 'Aus einer Krise' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Kennung der Krise').inputValue()).toBe(crisisId);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Gewichtige Anhaltspunkte').fill('In der Krise berichtet das Kind von Gewalt zu Hause.');
    await page.getByRole('button', { name: 'Gefährdungseinschätzung beginnen' }).click();
    await page.getByText('in Einschätzung').waitFor();
    await own.close();
  });
});
