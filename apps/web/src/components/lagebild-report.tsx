import type { Lagebild, LagebildAction, LagebildTask } from '@hilfenetz/contracts';
import type { ReactNode } from 'react';
import { crisisStatusLabel, dangerKindLabel, urgencyLabel } from '../i18n/crisis-terms';
import { formatDateTime, uhr } from '../i18n/date-format';
import { relationLabel } from '../i18n/guardians';
import { lagebildTexts } from '../i18n/lagebild';
import { useTexts } from '../i18n/language';
import { admissionLabel, followUpLabel, partyLabel } from '../i18n/parties';

const when = (iso: string) => `${formatDateTime(iso)}${uhr()}`;

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The situation report as the API cut it: conditions, actions, needs, and the course of events. */
export function LagebildReport({ report }: { report: Lagebild }) {
  const t = useTexts(lagebildTexts);
  const c = report.conditions;
  const known = (v: string | number | null | undefined) =>
    v === null || v === undefined ? <span className="muted">{t.unknown}</span> : v;
  return (
    <div className="lagebild">
      <section className="card" aria-labelledby="lagebild-conditions">
        <h2 id="lagebild-conditions">{t.conditions}</h2>
        <dl className="facts">
          <Row label={t.status}>
            <span className={`status status--${report.status}`}>{crisisStatusLabel(report.status)}</span>
          </Row>
          <Row label={t.danger}>{dangerKindLabel(c.dangerKind)}</Row>
          <Row label={t.urgency}>{urgencyLabel(c.urgency)}</Row>
          <Row label={t.triggered}>{when(c.triggeredAt)}</Row>
          <Row label={t.triggeredBy}>
            {c.triggeredBy.organisation.name}
            {c.triggeredBy.displayName !== undefined && <> – {known(c.triggeredBy.displayName)}</>}
          </Row>
          {c.triggeredBy.callbackPhone !== undefined && (
            <Row label={t.callback}>
              {c.triggeredBy.callbackPhone ? (
                <a href={`tel:${c.triggeredBy.callbackPhone}`}>{c.triggeredBy.callbackPhone}</a>
              ) : (
                known(null)
              )}
            </Row>
          )}
          {c.youngPersonName !== undefined && <Row label={t.youngPerson}>{known(c.youngPersonName)}</Row>}
          {c.dateOfBirth !== undefined && <Row label={t.dateOfBirth}>{known(c.dateOfBirth)}</Row>}
          {c.ageYears !== undefined && (
            <Row label={t.age}>{c.ageYears === null ? known(null) : t.years(c.ageYears)}</Row>
          )}
          {c.location !== undefined && <Row label={t.location}>{known(c.location)}</Row>}
          {c.situationNote !== undefined && <Row label={t.note}>{known(c.situationNote)}</Row>}
          {c.guardians !== undefined && (
            <Row label={t.guardians}>
              {c.guardians === null
                ? known(null)
                : c.guardians.length === 0
                  ? t.noGuardians
                  : c.guardians.map((g) => `${g.name} (${relationLabel(g.relation)})`).join(', ')}
            </Row>
          )}
          {c.receivingClinic !== undefined && <Row label={t.receivingClinic}>{known(c.receivingClinic?.name)}</Row>}
        </dl>
      </section>

      <section className="card" aria-labelledby="lagebild-actions">
        <h2 id="lagebild-actions">{t.actions}</h2>
        <ul className="lagebild__tasks">
          {report.actions.tasks.map((task) => (
            <TaskItem key={task.party} task={task} />
          ))}
        </ul>
        <dl className="facts">
          {report.actions.ambulance && (
            <Row label={t.ambulance}>
              {report.actions.ambulance.dispatchReference && (
                <>
                  {t.dispatchReference} {report.actions.ambulance.dispatchReference},{' '}
                </>
              )}
              {t.reported} {when(report.actions.ambulance.reportedAt)}
              {report.actions.ambulance.expectedArrivalAt && (
                <>
                  {' '}
                  · {t.eta} {when(report.actions.ambulance.expectedArrivalAt)}
                </>
              )}
            </Row>
          )}
          {report.actions.admission && (
            <Row label={t.admission}>
              {admissionLabel(report.actions.admission.decision)}
              {report.actions.admission.followUp && <> · {followUpLabel(report.actions.admission.followUp)}</>},{' '}
              {when(report.actions.admission.decidedAt)}
              {report.actions.admission.organisation && <> · {report.actions.admission.organisation.name}</>}
            </Row>
          )}
          {report.actions.plannedDischarge && (
            <Row label={t.plannedDischarge}>{when(report.actions.plannedDischarge)}</Row>
          )}
          {report.actions.cancelledAt && <Row label={t.cancelledAt}>{when(report.actions.cancelledAt)}</Row>}
        </dl>
      </section>

      <section className="card" aria-labelledby="lagebild-needs">
        <h2 id="lagebild-needs">{t.needs}</h2>
        <h3>{t.missing}</h3>
        {report.needs.missing.length === 0 ? (
          <p className="muted">{t.nothingMissing}</p>
        ) : (
          <ul className="lagebild__missing">
            {report.needs.missing.map((g, i) => (
              <li key={`${g.kind}-${g.party ?? ''}-${i}`}>
                <strong>{t.gap[g.kind]}</strong>
                {g.organisation && <> – {g.organisation.name}</>}
                {g.since && <span className="muted"> ({t.since(when(g.since))})</span>}
              </li>
            ))}
          </ul>
        )}
        <h3>{t.openTasks}</h3>
        {report.needs.openTasks.length === 0 ? (
          <p className="muted">{t.noOpenTasks}</p>
        ) : (
          <ul className="lagebild__open">
            {report.needs.openTasks.map((o) => (
              <li key={o.party}>
                {partyLabel(o.party)}: {o.organisation.name}, {o.contact.label}
                {o.deadline && (
                  <>
                    {' '}
                    · {t.deadline} {when(o.deadline)}
                    {o.overdue && <strong className="lagebild__overdue"> ({t.overdue})</strong>}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        {report.needs.missedDeadlines.length > 0 && (
          <>
            <h3>{t.missedDeadlines}</h3>
            <ul>
              {report.needs.missedDeadlines.map((m, i) => (
                <li key={`${m.party}-${i}`}>
                  {partyLabel(m.party)}: {m.organisation.name}
                  {m.contact && <>, {m.contact.label}</>} · {t.deadline} {when(m.deadline)} →{' '}
                  {m.then === 'escalated' ? t.thenEscalated : t.thenSupervisor} {when(m.at)}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="lagebild-course">
        <h2 id="lagebild-course">{t.course}</h2>
        {report.actions.log.length === 0 ? (
          <p className="muted">{t.noCourse}</p>
        ) : (
          <ol className="lagebild__log">
            {report.actions.log.map((a, i) => (
              <li key={i}>
                <ActionLine action={a} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function TaskItem({ task }: { task: LagebildTask }) {
  const t = useTexts(lagebildTexts);
  return (
    <li className={`lagebild__task lagebild__task--${task.status}`}>
      <h3 className="lagebild__task-head">
        {partyLabel(task.party)} <span className="lagebild__task-status">{t.taskStatus[task.status]}</span>
      </h3>
      <p className="lagebild__task-who">
        {task.organisation.name} · {task.contact.label}
      </p>
      <dl className="facts facts--compact">
        <Row label={t.alarmed}>{when(task.alarmedAt)}</Row>
        {task.deliveries.length > 0 && (
          <Row label={t.delivery}>
            <ul className="lagebild__deliveries">
              {task.deliveries.map((d, i) => (
                <li key={i}>
                  {t.via(t.channel[d.channel], d.contact.label)}: {t.outcome[d.outcome]}
                  {d.outcomeAt && <> {when(d.outcomeAt)}</>}
                  {d.cause && <span className="muted"> ({t.cause[d.cause] ?? d.cause})</span>}
                </li>
              ))}
            </ul>
          </Row>
        )}
        <Row label={t.acknowledged}>
          {task.acknowledged ? (
            <>
              {when(task.acknowledged.at)}
              {task.acknowledged.method && <> {t.method[task.acknowledged.method] ?? task.acknowledged.method}</>}
              {task.acknowledged.personName && <> · {task.acknowledged.personName}</>}
            </>
          ) : (
            <span className="muted">{t.notYet}</span>
          )}
          {task.seenAt && <span className="muted"> · {t.seen(when(task.seenAt))}</span>}
          {task.escalations > 0 && <span className="muted"> · {t.escalations(task.escalations)}</span>}
        </Row>
      </dl>
    </li>
  );
}

function ActionLine({ action: a }: { action: LagebildAction }) {
  const t = useTexts(lagebildTexts);
  const parts = [
    a.party ? partyLabel(a.party) : null,
    a.organisation?.name ?? null,
    a.contact?.label ?? null,
    a.channel ? t.channel[a.channel] : null,
    a.method ? (t.method[a.method] ?? a.method) : null,
    a.cause ? (t.cause[a.cause] ?? a.cause) : null,
    a.personName ?? null,
    a.dispatchReference ? `${t.dispatchReference} ${a.dispatchReference}` : null,
    a.expectedArrivalAt ? `${t.eta} ${when(a.expectedArrivalAt)}` : null,
    a.decision ? admissionLabel(a.decision) : null,
    a.followUp ? followUpLabel(a.followUp) : null,
    a.plannedFor ? `${t.plannedDischarge} ${when(a.plannedFor)}` : null,
    a.deadline ? `${t.deadline} ${when(a.deadline)}` : null,
    a.answer ? (t.answer[a.answer] ?? a.answer) : null,
    a.instead ? (t.instead[a.instead] ?? a.instead) : null,
    a.actedOnDevice ? t.deviceTime(when(a.actedOnDevice.at), a.actedOnDevice.bounded) : null,
    a.afterEnd ? t.afterEnd : null,
    a.reason ?? null,
  ].filter((p): p is string => p !== null);
  return (
    <>
      <time dateTime={a.at} className="lagebild__time">
        {when(a.at)}
      </time>{' '}
      <strong>{t.action[a.kind]}</strong>
      {parts.length > 0 && <> – {parts.join(' · ')}</>}
    </>
  );
}
