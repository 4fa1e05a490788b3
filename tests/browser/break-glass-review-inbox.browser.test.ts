import { referenceOf } from '@hilfenetz/domain';
import { PostgresEventStore } from '@hilfenetz/event-store';
import { openDataSource } from '@hilfenetz/testing';
import { randomInt, randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiCall, newCaseId } from './support/api';
import { launchBrowser, login, newUserContext, screenshot, seriousA11yViolations } from './support/browser';

jest.setTimeout(120_000);

const LEAD = 'org-jugendamt-lindenau';

/**
 * A break-glass read of a Lindenau case as the review task in the Leitung's inbox, in German
 * (issue 13, finding 3). Lindenau's demo agreement names no partner that may break the glass, so
 * the read is written as the API writes it (the review row and its BreakGlassAccess event, the
 * reason sealed away); the e2e suite inbox-process-tasks drives the same through HTTP.
 */
describe('review task "Notfallzugriff prüfen" in the supervisor’s inbox', () => {
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

  it('shows the task with deadline, reader and a link to the decision form; axe clean', async () => {
    const { caseId } = await apiCall<{ caseId: string }>('fachkraft', 'POST', '/cases', {
      caseId: newCaseId('BGR'),
      youngPerson: { givenName: 'Nele', familyName: 'Pruefung', dateOfBirth: '2011-11-11' },
    });
    const reviewId = String(randomInt(1e9, 2e9));
    const openedAt = new Date();
    const dueAt = new Date(openedAt.getTime() + 72 * 3_600_000);
    const ds = await openDataSource(process.env.BROWSER_DATABASE_URL ?? '', 1);
    try {
      const reason = { $erased: true, subjectId: `subj-${randomUUID()}` };
      await ds.query(
        `INSERT INTO break_glass_reviews
           (review_id, case_id, lead_organisation_id, reader_id, reader_role, reader_organisation, resource,
            reason_sealed, opened_at, covers_until, due_at, supervisor_contact_id)
         VALUES ($1, $2, $3, 'u-kjp-nord-bg', 'on_call', 'org-kjp-nordklinik', 'case', $4, $5, $6, $7, NULL)`,
        [reviewId, caseId, LEAD, JSON.stringify(reason), openedAt, new Date(openedAt.getTime() + 3_600_000), dueAt],
      );
      await new PostgresEventStore(ds).append(`case-${caseId}`, [
        {
          eventId: randomUUID(),
          type: 'BreakGlassAccess',
          schemaVersion: 2,
          data: {
            caseId,
            accessId: reviewId,
            resource: 'case',
            reason,
            leadOrganisationId: LEAD,
            accessedAt: openedAt.toISOString(),
          },
          metadata: {
            actorId: 'u-kjp-nord-bg',
            actorRole: 'on_call',
            organisationId: 'org-kjp-nordklinik',
            correlationId: randomUUID(),
          },
        },
      ]);
    } finally {
      await ds.destroy();
    }

    const page = await login(context, 'leitung', '/aufgaben');
    await page.getByRole('heading', { level: 1, name: 'Aufgaben' }).waitFor();
    const card = page.locator('li.task[data-kind="break_glass_review"]', { hasText: referenceOf(caseId) });
    await card.waitFor({ timeout: 45_000 });
    await card.getByText('Notfallzugriff prüfen', { exact: true }).waitFor();
    await card.getByText('Offen', { exact: true }).waitFor();
    await card.getByText('Gelesen von').waitFor();
    await card.getByText('Kinder- und Jugendpsychiatrie Nordklinik', { exact: false }).waitFor();
    await card.getByText('Frist').waitFor();
    await screenshot(page, 'aufgaben-notfallzugriff-pruefen');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await card.getByRole('link', { name: /Zur Prüfung/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Notfallzugriffe prüfen' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
