import { lindenauAgreementV1 } from '@hilfenetz/domain';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, login, newUserContext, screenshot } from './support/browser';

jest.setTimeout(150_000);

/**
 * Issue 13, finding 1 in the browser: Lindenau's administrator proposes a new version of the
 * agreement, reads what it changes against the version in force, and signs it for Lindenau; it
 * stays a proposal, naming the partners whose signatures are missing (docs/adr/0015).
 */
describe('agreements: propose → read the changes → sign', () => {
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await newUserContext(browser);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('the administrator proposes, reads the diff and signs; the version waits for the other partners', async () => {
    const version = `b-${randomUUID().slice(0, 8)}`;
    const page = await login(context, 'admin', '/vereinbarungen');
    await page.getByRole('heading', { name: 'Kooperationsvereinbarungen' }).waitFor();

    const builtIn = page.locator(`[data-version="${lindenauAgreementV1.version}"]`);
    await builtIn.getByRole('button', { name: 'Neue Fassung auf dieser Grundlage vorschlagen' }).click();
    const { agreementId: _fromThePath, ...body } = lindenauAgreementV1;
    const changed = {
      ...body,
      version,
      validFrom: new Date().toISOString(),
      parties: {
        ...body.parties,
        clinic: { ...body.parties.clinic, route: { ...body.parties.clinic.route, ackDeadlineMinutes: 10 } },
      },
    };
    await page.getByLabel(/Fassung \(JSON\)/).fill(JSON.stringify(changed, null, 2));
    await page.getByRole('button', { name: 'Vorschlagen', exact: true }).click();
    await page.getByText('Neue Fassung vorgeschlagen.').waitFor();

    const proposal = page.locator(`[data-version="${version}"]`);
    await proposal.getByText('Vorschlag – noch nicht von allen unterzeichnet').waitFor();
    await proposal.getByRole('button', { name: 'Änderungen ansehen' }).click();
    const diff = page.getByRole('table');
    await diff.getByRole('rowheader', { name: 'parties.clinic.route.ackDeadlineMinutes' }).waitFor();
    expect(await diff.getByRole('row').count()).toBe(2);
    await screenshot(page, 'agreement-diff');

    await proposal.getByRole('button', { name: 'Unterzeichnen' }).click();
    await page.getByText(`Fassung ${version} unterzeichnet.`).waitFor();
    await proposal.getByText(/Unterzeichnet: org-jugendamt-lindenau/).waitFor();
    await proposal.getByText(/Es fehlen: org-traeger-birkenhof/).waitFor();
    expect(await proposal.getAttribute('data-status')).toBe('proposed');

    // Tidy: Lindenau withdraws, the proposal ends and can never come into force.
    await proposal.getByRole('button', { name: 'Unterschrift zurückziehen' }).click();
    await page.locator(`[data-version="${version}"][data-status="ended"]`).waitFor();
  });
});
