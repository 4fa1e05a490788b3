import type { InboxTask } from '@hilfenetz/contracts';
import { formatCountdown, formatDateTime, uhr } from '../i18n/date-format';
import { texts, useTexts } from '../i18n/language';
import { FactRow } from './fact-row';

const T = texts(
  {
    for: 'Für',
    received: 'Eingegangen',
    deadline: 'Frist',
    escalations: 'Eskalationen',
    acknowledged: 'Bestätigt',
  },
  {
    for: 'For',
    received: 'Received',
    deadline: 'Deadline',
    escalations: 'Escalations',
    acknowledged: 'Acknowledged',
  },
);

/** A task's facts on its card: for whom, when it came, its deadline, escalations, who acknowledged. */
export function TaskFacts({ task, now }: { task: InboxTask; now: number }) {
  const t = useTexts(T);
  const deadline = task.deadline ? Date.parse(task.deadline) : null;
  const overdue = deadline !== null && deadline < now;
  const holder = task.contactLabel ?? task.organisationName;
  return (
    <dl className="facts facts--compact">
      {holder && <FactRow label={t.for}>{holder}</FactRow>}
      <FactRow label={t.received}>
        {formatDateTime(task.createdAt)}
        {uhr()}
      </FactRow>
      {task.status === 'open' && deadline !== null && (
        <FactRow label={t.deadline} valueClassName={overdue ? 'overdue' : undefined}>
          {formatDateTime(task.deadline ?? '')}
          {uhr()} ({formatCountdown(deadline, now)})
        </FactRow>
      )}
      {task.escalations > 0 && <FactRow label={t.escalations}>{task.escalations}</FactRow>}
      {task.acknowledgedAt && (
        <FactRow label={t.acknowledged}>
          {formatDateTime(task.acknowledgedAt)}
          {uhr()}
          {task.acknowledgedByName ? (
            <>
              {' '}
              · {task.acknowledgedByName} <span className="org">({task.acknowledgedBy})</span>
            </>
          ) : (
            task.acknowledgedBy && <> · {task.acknowledgedBy}</>
          )}
        </FactRow>
      )}
    </dl>
  );
}
