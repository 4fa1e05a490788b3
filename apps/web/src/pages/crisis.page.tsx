import { ApiError } from '../api/api-error';
import { Alert } from '../components/alert';
import { ApiErrorAlert } from '../components/api-error-alert';
import { CancelCrisisForm } from '../components/cancel-crisis-form';
import { usePageTitle } from '../hooks/use-page-title';
import { FINAL_PHASES } from '../i18n/crisis-terms';
import { texts, useTexts } from '../i18n/language';
import { canReadTimeline, canRegisterCase, canStartRiskAssessment } from '../auth/permissions';
import { useSession } from '../auth/use-session';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { CaseRef, caseReference } from '../components/case-ref';
import { CrisisStatus } from './crisis/crisis-status.section';
import { OfflineEntries } from './crisis/offline-entries.section';
import { PartyBoard } from './crisis/party-board.section';
import { useCrisis } from './crisis/use-crisis';
import { OfflineStand } from '../offline/offline-stand';

interface CrisisPageProps {
  caseId: string;
  crisisId: string;
  /**
   * `neu` right after triggering, `bereits` when the trigger repeated an earlier one, `zugeordnet`
   * when the case's crisis was running and the trigger joined it.
   */
  outcome: string | null;
}

const T = texts(
  {
    title: (caseId: string) => `Krise – Fall ${caseId}`,
    heading: 'Krise im Fall',
    triggered: 'Krise ausgelöst',
    triggeredText:
      'Alle Beteiligten werden jetzt gleichzeitig benachrichtigt. Diese Übersicht aktualisiert sich selbst.',
    already: 'Bereits ausgelöst',
    alreadyText: 'Diese Krise war schon ausgelöst. Es wurde keine zweite angelegt.',
    joined: 'Krise lief bereits',
    joinedText:
      'Für diesen Fall lief schon eine Krise. Ihre Auslösung wurde der laufenden Krise zugeordnet und mit Ihren Angaben in ihrem Verlauf festgehalten; es wurde keine zweite angelegt.',
    notFound: 'Krise nicht gefunden',
    notFoundText: 'Zu diesem Fall gibt es keine Krise mit dieser Kennung. Bitte den Link prüfen.',
    unavailable: 'Stand nicht abrufbar',
    retrying: 'Die Anzeige versucht es automatisch weiter.',
    falseAlarm: 'Fehlalarm?',
    falseAlarmText: 'Wurde die Krise irrtümlich ausgelöst, brechen Sie sie hier mit Begründung ab.',
    planningLink: 'Zur Hilfeplanung des Falls',
    timelineLink: 'Zeitleiste des Falls anzeigen',
    lagebildLink: 'Lagebild anzeigen',
    caseLink: 'Fall und Sorgeberechtigte anzeigen',
    triggerLink: 'Weitere Krise auslösen',
    riskAssessmentLink: 'Gefährdungseinschätzung nach § 8a SGB VIII zu dieser Krise beginnen',
  },
  {
    title: (caseId: string) => `Crisis – case ${caseId}`,
    heading: 'Crisis in case',
    triggered: 'Crisis triggered',
    triggeredText: 'All parties are now being notified at the same time. This overview updates by itself.',
    already: 'Already triggered',
    alreadyText: 'This crisis had already been triggered. No second one was created.',
    joined: 'Crisis already running',
    joinedText:
      'A crisis was already running for this case. Your trigger was assigned to it and recorded in its log with your details; no second one was created.',
    notFound: 'Crisis not found',
    notFoundText: 'There is no crisis with this ID for this case. Please check the link.',
    unavailable: 'State not available',
    retrying: 'The page keeps trying automatically.',
    falseAlarm: 'False alarm?',
    falseAlarmText: 'If the crisis was triggered by mistake, cancel it here with a reason.',
    planningLink: 'Go to the help planning of the case',
    timelineLink: 'Show the case timeline',
    lagebildLink: 'Show the situation report',
    caseLink: 'Show the case and its legal guardians',
    triggerLink: 'Trigger another crisis',
    riskAssessmentLink: 'Start a § 8a SGB VIII risk assessment from this crisis',
  },
);

/** One crisis: the live board of its parties and the false-alarm cancellation. */
export function CrisisPage({ caseId, crisisId, outcome }: CrisisPageProps) {
  const t = useTexts(T);
  usePageTitle(t.title(caseReference(caseId)));
  const crisis = useCrisis(caseId, crisisId);
  const data = crisis.data;
  const error = crisis.error;
  const status = data?.status ?? null;
  // A malformed id in the URL (400) is as unknown as a well-formed one nobody triggered (404).
  const notFound = error instanceof ApiError && (error.kind === 'not_found' || error.kind === 'invalid');
  const mayReadCase = canRegisterCase(useSession()?.claims.roles ?? []);
  // The lead office reads the Lagebild (a Träger's staff see the board, not the report).
  const mayReadLagebild = canReadTimeline(useSession()?.claims.roles ?? []);
  // Those who may start a §8a assessment (the youth office; a Träger under its §8a (4) agreement)
  // start it from here with the crisis as its occasion.
  const mayStartRiskAssessment = canStartRiskAssessment(useSession()?.claims.roles ?? []);

  return (
    <>
      <h1 tabIndex={-1}>
        {t.heading} <CaseRef caseId={caseId} />
      </h1>
      <OfflineStand updatedAt={crisis.dataUpdatedAt} error={crisis.error} />

      {outcome === 'neu' && (status === null || status === 'triggering' || status === 'open') && (
        <Alert tone="success" title={t.triggered}>
          <p>{t.triggeredText}</p>
        </Alert>
      )}
      {outcome === 'bereits' && (
        <Alert tone="info" title={t.already}>
          <p>{t.alreadyText}</p>
        </Alert>
      )}
      {outcome === 'zugeordnet' && (
        <Alert tone="info" title={t.joined}>
          <p>{t.joinedText}</p>
        </Alert>
      )}
      {notFound && (
        <Alert tone="error" title={t.notFound}>
          <p>{t.notFoundText}</p>
        </Alert>
      )}
      {error !== null && !notFound && <ApiErrorAlert error={error} title={t.unavailable} retryHint={t.retrying} />}

      <CrisisStatus crisis={data} notFound={notFound} updatedAt={crisis.dataUpdatedAt} />

      {data && <PartyBoard crisis={data} />}
      {data && <OfflineEntries crisis={data} />}

      {status !== null && !FINAL_PHASES.has(status) && status !== 'admitted' && (
        <section className="card" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{t.falseAlarm}</h2>
          <p>{t.falseAlarmText}</p>
          <CancelCrisisForm caseId={caseId} crisisId={crisisId} open={status === 'open'} />
        </section>
      )}

      <ul className="link-list">
        {status === 'discharged' && (
          <li>
            <Link to={paths.hilfeplanung(caseId)}>{t.planningLink}</Link>
          </li>
        )}
        {mayReadLagebild && (
          <li>
            <Link to={paths.lagebild(caseId, crisisId)}>{t.lagebildLink}</Link>
          </li>
        )}
        {mayStartRiskAssessment && (
          <li>
            <Link to={`${paths.riskAssessment(caseId)}?krise=${encodeURIComponent(crisisId)}`}>
              {t.riskAssessmentLink}
            </Link>
          </li>
        )}
        <li>
          <Link to={paths.timeline(caseId)}>{t.timelineLink}</Link>
        </li>
        {mayReadCase && (
          <li>
            <Link to={paths.caseFile(caseId)}>{t.caseLink}</Link>
          </li>
        )}
        <li>
          <Link to={paths.trigger()}>{t.triggerLink}</Link>
        </li>
      </ul>
    </>
  );
}
