import type { InboxTask, RiskAssessmentStep } from '@hilfenetz/contracts';
import { useState } from 'react';
import { requestJson } from '../api/http-request';
import { useNow } from '../hooks/use-now';
import { formatCountdown, formatDateTime, uhr } from '../i18n/date-format';
import { texts, useTexts } from '../i18n/language';
import { useKkgTerms } from '../pages/kkg-reports/kkg-terms';
import { useRiskAssessmentTerms } from '../pages/risk-assessment/risk-assessment-terms';
import { Link } from '../routing/link';
import { paths } from '../routing/routes';
import { ApiErrorAlert } from './api-error-alert';
import { Button } from './button';
import { CaseRef, caseReference } from './case-ref';
import { FactRow } from './fact-row';

type ProcessKind = Exclude<InboxTask['kind'], 'crisis_notification' | 'family_court_decision'>;

const T = texts(
  {
    case: 'Fall',
    title: {
      break_glass_review: 'Notfallzugriff prüfen',
      risk_assessment_step: '§ 8a-Gefährdungseinschätzung: Schritt fällig',
      risk_assessment_escalation: '§ 8a-Gefährdungseinschätzung: Frist versäumt',
      kkg_feedback_due: 'Rückmeldung nach § 4 KKG geben',
      kkg_feedback_escalation: 'Rückmeldung nach § 4 KKG überfällig',
      kkg_feedback_received: 'Rückmeldung des Jugendamts nach § 4 Abs. 4 KKG',
    } satisfies Record<ProcessKind, string>,
    link: {
      break_glass_review: 'Zur Prüfung',
      risk_assessment_step: 'Zur Gefährdungseinschätzung',
      risk_assessment_escalation: 'Zur Gefährdungseinschätzung',
      kkg_feedback_due: 'Zur Rückmeldung',
      kkg_feedback_escalation: 'Zu den KKG-Meldungen',
      kkg_feedback_received: 'Zu den KKG-Meldungen',
    } satisfies Record<ProcessKind, string>,
    status: { open: 'Offen', closed: 'Erledigt' } as Record<string, string>,
    forInformation: 'Zur Kenntnis',
    escalated: 'Eskaliert',
    step: 'Schritt',
    reader: 'Gelesen von',
    received: 'Eingegangen',
    deadline: 'Frist',
    escalations: 'Eskalation',
    dpoInformed: 'Frist versäumt – Datenschutzbeauftragte informiert',
    leitungInformed: 'Frist versäumt – Leitung informiert',
    done: 'Erledigt',
    confirmed: 'Anhaltspunkte bestätigt',
    acting: 'Jugendamt tätig',
    given: 'Rückmeldung am',
    takeNote: 'Zur Kenntnis genommen',
    noteTaken: 'Zur Kenntnis genommen – die Rückmeldung verlässt die offene Liste.',
    noteFailed: 'Nicht gespeichert',
  },
  {
    case: 'Case',
    title: {
      break_glass_review: 'Review an emergency access',
      risk_assessment_step: '§ 8a risk assessment: step due',
      risk_assessment_escalation: '§ 8a risk assessment: deadline missed',
      kkg_feedback_due: 'Give the § 4 KKG feedback',
      kkg_feedback_escalation: '§ 4 KKG feedback overdue',
      kkg_feedback_received: 'The youth office’s feedback under § 4 (4) KKG',
    } satisfies Record<ProcessKind, string>,
    link: {
      break_glass_review: 'To the review',
      risk_assessment_step: 'To the risk assessment',
      risk_assessment_escalation: 'To the risk assessment',
      kkg_feedback_due: 'To the feedback',
      kkg_feedback_escalation: 'To the KKG reports',
      kkg_feedback_received: 'To the KKG reports',
    } satisfies Record<ProcessKind, string>,
    status: { open: 'Open', closed: 'Done' } as Record<string, string>,
    forInformation: 'For information',
    escalated: 'Escalated',
    step: 'Step',
    reader: 'Read by',
    received: 'Received',
    deadline: 'Deadline',
    escalations: 'Escalation',
    dpoInformed: 'Deadline missed – data protection officer informed',
    leitungInformed: 'Deadline missed – supervisor informed',
    done: 'Done',
    confirmed: 'Indications confirmed',
    acting: 'Youth office acting',
    given: 'Feedback on',
    takeNote: 'Noted',
    noteTaken: 'Noted – the feedback leaves the open list.',
    noteFailed: 'Not saved',
  },
);

/** Where the step is done: the review form, the case's §8a page, its §4 KKG reports. */
function pathOf(task: InboxTask, kind: ProcessKind): string {
  if (kind === 'break_glass_review') return paths.breakGlassReviews();
  if (kind === 'risk_assessment_step' || kind === 'risk_assessment_escalation')
    return paths.riskAssessment(task.caseId);
  return paths.kkgReports(task.caseId);
}

/**
 * A task of another process than a crisis (issues 13 and 18): a break-glass review, a due §8a
 * step, the §4 KKG feedback. The work is done on the process's own page; the card says what is due
 * by when and links there. It shows ids, names and the two §4 (4) KKG answers, never sealed text.
 */
export function ProcessTaskCard({ task, kind }: { task: InboxTask; kind: ProcessKind }) {
  const t = useTexts(T);
  const steps = useRiskAssessmentTerms().steps;
  const kkg = useKkgTerms();
  const now = useNow();
  const isOpen = task.status === 'open';
  const deadline = task.deadline ? Date.parse(task.deadline) : null;
  const overdue = deadline !== null && deadline < now;
  const escalated = task.escalations > 0;
  const stepLabel = task.step ? (steps[task.step as RiskAssessmentStep] ?? task.step) : null;
  const reader = task.reader;
  return (
    <li className={`task card${isOpen ? ' task--open' : ''}`} data-kind={task.kind}>
      <div className="task__head">
        <h3 className="task__title">
          {t.case} <CaseRef caseId={task.caseId} />
        </h3>
        <span className={`badge badge--${isOpen ? 'open' : 'closed'}`}>
          {/* The reporter's copy asks nothing of the reporter: it is there to be read. */}
          {kind === 'kkg_feedback_received' ? t.forInformation : (t.status[task.status] ?? task.status)}
        </span>
        {isOpen && escalated && <span className="badge badge--supervisor_alerted">{t.escalated}</span>}
      </div>
      <p className="task__kind">{t.title[kind]}</p>
      <dl className="facts facts--compact">
        {stepLabel && <FactRow label={t.step}>{stepLabel}</FactRow>}
        {reader && (
          <FactRow label={t.reader}>
            {reader.name ?? reader.id}
            {reader.organisationName || reader.organisationId ? (
              <span className="org"> ({reader.organisationName ?? reader.organisationId})</span>
            ) : null}
          </FactRow>
        )}
        {task.kkgFeedback && (
          <>
            <FactRow label={t.confirmed}>{task.kkgFeedback.riskConfirmed ? kkg.yes : kkg.no}</FactRow>
            <FactRow label={t.acting}>{task.kkgFeedback.acting ? kkg.yes : kkg.no}</FactRow>
          </>
        )}
        <FactRow label={kind === 'kkg_feedback_received' ? t.given : t.received}>
          {formatDateTime(task.createdAt)}
          {uhr()}
        </FactRow>
        {isOpen && deadline !== null && (
          <FactRow label={t.deadline} valueClassName={overdue ? 'overdue' : undefined}>
            {formatDateTime(task.deadline ?? '')}
            {uhr()} ({formatCountdown(deadline, now)})
          </FactRow>
        )}
        {escalated && (
          <FactRow label={t.escalations} alert>
            {kind === 'break_glass_review' ? t.dpoInformed : t.leitungInformed}
          </FactRow>
        )}
        {!isOpen && task.acknowledgedAt && (
          <FactRow label={t.done}>
            {formatDateTime(task.acknowledgedAt)}
            {uhr()}
            {task.acknowledgedByName && <> · {task.acknowledgedByName}</>}
          </FactRow>
        )}
      </dl>
      {kind === 'kkg_feedback_received' && isOpen && <TakeNote task={task} />}
      <p className="task__open">
        <Link to={pathOf(task, kind)}>
          {t.link[kind]}
          <span className="visually-hidden"> ({`${t.case} ${caseReference(task.caseId)}`})</span>
        </Link>
      </p>
    </li>
  );
}

/**
 * The reporter takes note of the §4 (4) KKG feedback (ADR 0041): recorded as an event; the entry
 * closes once the projector has it, and the inbox's live stream brings the change.
 */
function TakeNote({ task }: { task: InboxTask }) {
  const t = useTexts(T);
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<unknown>(null);
  const take = () => {
    setState('busy');
    setError(null);
    requestJson(
      'POST',
      `/cases/${encodeURIComponent(task.caseId)}/kkg-reports/${encodeURIComponent(task.subjectId ?? '')}/acknowledgement`,
    ).then(
      () => setState('done'),
      (err: unknown) => {
        setError(err);
        setState('idle');
      },
    );
  };
  if (state === 'done') return <p role="status">{t.noteTaken}</p>;
  return (
    <>
      <Button variant="secondary" onPress={take} isDisabled={state === 'busy'}>
        {t.takeNote}
      </Button>
      {error !== null && <ApiErrorAlert error={error} title={t.noteFailed} />}
    </>
  );
}
