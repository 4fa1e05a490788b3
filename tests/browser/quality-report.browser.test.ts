import type { QualityReport } from '@hilfenetz/contracts';
import type { Browser, BrowserContext } from 'playwright-core';
import { lindenauCaseId } from '@hilfenetz/testing';
import { randomUUID } from 'node:crypto';
import { apiCall, newCaseId } from './support/api';
import { choose, launchBrowser, login, newUserContext, screenshot, seriousA11yViolations } from './support/browser';

jest.setTimeout(240_000);

const AGREEMENT = 'lindenau-krisenkooperation';
const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit' }).format(
  new Date(),
);

/** Retries `f` until it answers, for steps that wait on the workflow or the projector. */
async function until<T>(what: string, f: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await f();
      if (v !== undefined) return v;
    } catch (err) {
      if (Date.now() > end) throw err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The supervisor reads the anonymised quality report in German: tables, a chart per interface, "< 5". */
describe('Qualitätsbericht screen', () => {
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newUserContext(browser);
    // Six crises the clinic acknowledges: its latency cell of this month rests on five or more cases.
    for (let i = 0; i < 6; i++) {
      const caseId = newCaseId('QB');
      const { crisisId } = await apiCall<{ crisisId: string }>('fachkraft', 'POST', `/cases/${caseId}/crises`, {
        dangerKind: 'self',
        urgency: 'immediate',
      });
      await until('the clinic acknowledges', () =>
        apiCall(
          'klinik',
          'POST',
          `/cases/${lindenauCaseId(caseId)}/crises/${crisisId}/tasks/task-clinic/acknowledge`,
          {},
        ).then(() => true),
      );
      // The Träger declines: an item at its interface for the lead office's error analysis.
      if (i === 0) {
        await until('the Träger declines', () =>
          apiCall(
            'traeger',
            'POST',
            `/cases/${lindenauCaseId(caseId)}/crises/${crisisId}/tasks/task-provider/decline`,
            { reason: 'Keine Kapazität in der Nacht', reasonCategory: 'no_capacity' },
          ).then(() => true),
        );
      }
    }
    await until('the acknowledgements in the report', async () => {
      const r = await apiCall<QualityReport>(
        'leitung',
        'GET',
        `/quality-reports?from=${month}&to=${month}&agreementId=${AGREEMENT}`,
      );
      const clinic = r.interfaces.find((i) => i.party === 'clinic' && i.organisationId === 'org-kjp-st-marien');
      return typeof clinic?.total.latencyMedianSeconds === 'number' ? true : undefined;
    });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('the Leitung opens the report from the navigation and reads figures, suppressed cells and the monthly chart', async () => {
    const page = await login(context, 'leitung', '/');
    await page.getByRole('navigation').getByRole('link', { name: 'Qualitätsbericht' }).click();
    await page.getByRole('heading', { level: 1, name: 'Qualitätsbericht für den Runden Tisch' }).waitFor();
    await page.getByText('wird als „< 5“ ausgewiesen', { exact: false }).waitFor();
    // A period that ends before it begins is refused in German; nothing is asked of the API.
    await page.getByLabel('Bis (Monat)').fill('2020-01');
    await page.getByRole('button', { name: 'Bericht anzeigen' }).click();
    await page.getByRole('alert').getByText('„Bis“ darf nicht vor „Von“ liegen.').waitFor();
    // This month only: one column per month, the clinic's interface with its chart.
    await page.getByLabel('Bis (Monat)').fill(month);
    await page.getByLabel('Von (Monat)').fill(month);
    await page.getByRole('button', { name: 'Bericht anzeigen' }).click();
    const clinic = page
      .locator('article', { has: page.getByRole('heading', { level: 3, name: /^Klinik \(KJP\) – / }) })
      .first();
    await clinic.waitFor();
    await clinic.getByRole('img', { name: /Auslösung → Bestätigung, Median je Monat/ }).waitFor();
    const latency = clinic.getByRole('row', { name: /Auslösung → Bestätigung, Median/ });
    expect(await latency.getByRole('cell').first().textContent()).toMatch(/^\d[\d.]*$/);
    // Something of the month rests on fewer than five cases and shows no number.
    expect(await page.getByRole('cell', { name: '< 5', exact: true }).count()).toBeGreaterThan(0);
    // The Träger's declines per reason category, with the agreement's German labels.
    const provider = page
      .locator('article', { has: page.getByRole('heading', { level: 3, name: /^Träger – / }) })
      .first();
    const declines = provider.getByRole('table', { name: /^Ablehnungen nach Grund/ });
    await declines.getByRole('columnheader', { name: 'Grund der Ablehnung' }).waitFor();
    await declines.getByRole('rowheader', { name: 'Keine Kapazität' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Netzwerk' }).waitFor();
    await screenshot(page, 'qualitaetsbericht-leitung');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('the Leitung names a cause in the Fehleranalyse (an identifying note is refused in German), promotes the item and moves it on in the register', async () => {
    // Letters only: a number in the text would read as a case reference.
    const tag = randomUUID()
      .replace(/[^a-f]/g, '')
      .slice(0, 6)
      .replace(/./g, (c) => String.fromCharCode(c.charCodeAt(0) + 10));
    const what = `Rufbereitschaft des Trägers nachts unbesetzt (${tag})`;
    // A context of its own: the first test's Leitung session is still open in the shared one.
    const leitungContext = await newUserContext(browser);
    const page = await login(leitungContext, 'leitung', '/qualitaetsbericht');
    await page.getByRole('link', { name: 'Fehleranalyse: Ursachen der eigenen Fälle erfassen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fehleranalyse an den Schnittstellen' }).waitFor();
    const card = page.getByRole('article', { name: /^Abgelehnt – Träger/ }).first();
    await card.waitFor();
    await card
      .getByRole('button', { name: /Ursache/ })
      .first()
      .click();
    await page.getByRole('option', { name: 'Niemand im Dienst', exact: true }).click();
    await card.getByLabel('Kurze Notiz (optional)').fill('Frau Kowalski hat nicht zurückgerufen.');
    await card.getByRole('button', { name: 'Ursache speichern' }).click();
    await card.getByText('Der Text enthält etwas, das wie ein Name aussieht', { exact: false }).waitFor();
    await card.getByLabel('Kurze Notiz (optional)').fill('Rufbereitschaft nachts nicht besetzt.');
    await card.getByRole('button', { name: 'Ursache speichern' }).click();
    await card.getByRole('status').getByText('Ursache gespeichert.').waitFor();
    // The list follows the projector: once the cause is in, the item can go into the register.
    const promote = await until('the annotated item', async () => {
      await page.reload();
      const annotated = page
        .getByRole('article', { name: /^Abgelehnt – Träger/ })
        .filter({ hasText: 'Rufbereitschaft nachts nicht besetzt.' })
        .first();
      await annotated.waitFor({ timeout: 5_000 });
      return annotated;
    });
    await promote.getByText('In das Schwachstellenregister übernehmen').click();
    await choose(promote.getByRole('radio', { name: 'Schwachstelle', exact: true }));
    await promote.getByLabel('Was ist die Schwachstelle?').fill(what);
    await promote
      .getByLabel('Beispiel ohne personenbezogene Daten')
      .fill('Nachts lehnte der Träger ab, ohne Vertretung.');
    await promote.getByRole('button', { name: 'Ins Register übernehmen' }).click();
    await promote.getByRole('status').getByText('In das Schwachstellenregister übernommen.').waitFor();
    await screenshot(page, 'fehleranalyse-leitung');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The register on the report page: every partner's Leitung reads it; the lead office moves it on.
    const entry = await until('the entry in the register', async () => {
      await page.goto(`${new URL(page.url()).origin}/qualitaetsbericht`);
      await page.getByRole('heading', { level: 2, name: 'Schwachstellenregister' }).waitFor();
      const found = page.getByRole('article', { name: `Schwachstelle: ${what}` });
      await found.waitFor({ timeout: 5_000 });
      return found;
    });
    await entry.getByText('offen – seit', { exact: false }).waitFor();
    await entry.getByRole('button', { name: /Neuer Status/ }).click();
    await page.getByRole('option', { name: 'an Gremium', exact: true }).click();
    await entry.getByRole('button', { name: 'Status ändern' }).click();
    await until('the new status', async () => {
      await page.reload();
      const moved = page.getByRole('article', { name: `Schwachstelle: ${what}` });
      await moved.getByText('an Gremium – seit', { exact: false }).waitFor({ timeout: 5_000 });
      return true;
    });
    await page.getByRole('article', { name: `Schwachstelle: ${what}` }).scrollIntoViewIfNeeded();
    await screenshot(page, 'schwachstellenregister-leitung');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await leitungContext.close();
  });

  it('a caseworker finds no quality report in the navigation, but the Fehleranalyse of the own cases', async () => {
    const caseworkerContext = await newUserContext(browser);
    try {
      const page = await login(caseworkerContext, 'fachkraft', '/');
      await page.getByRole('navigation').getByRole('link', { name: 'Zeitleiste' }).waitFor();
      expect(await page.getByRole('navigation').getByRole('link', { name: 'Qualitätsbericht' }).count()).toBe(0);
      await page.getByRole('navigation').getByRole('link', { name: 'Fehleranalyse' }).click();
      await page.getByRole('heading', { level: 1, name: 'Fehleranalyse an den Schnittstellen' }).waitFor();
      await page
        .getByRole('article', { name: /^Abgelehnt – Träger/ })
        .first()
        .waitFor();
      expect(
        await page.getByRole('navigation').getByRole('link', { name: 'Fehleranalyse' }).getAttribute('aria-current'),
      ).toBe('page');
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      await caseworkerContext.close();
    }
  });
});
