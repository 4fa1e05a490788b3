import type { TimelineEntryDto } from '@hilfenetz/contracts';
import { formatDateTime, uhr } from '../i18n/date-format';
import { eventDetails } from '../i18n/event-details';
import { ALERT_EVENT_TYPES, eventTypeLabel } from '../i18n/event-types';
import { pick, texts, useTexts } from '../i18n/language';
import { roleLabel } from '../i18n/roles';

const T = texts(
  {
    deadlineMissed: 'Frist verpasst',
    breakGlass: 'Notfallzugriff',
    overdue: 'Überfällig',
    unreachable: 'Nicht erreicht',
    escalation: 'Eskalation',
    by: 'Durch',
  },
  {
    deadlineMissed: 'Deadline missed',
    breakGlass: 'Emergency access',
    overdue: 'Overdue',
    unreachable: 'Not reached',
    escalation: 'Escalation',
    by: 'By',
  },
);

/** Why an entry is highlighted, in words (not by colour alone). */
function alertTag(entry: TimelineEntryDto): string | null {
  if (!ALERT_EVENT_TYPES.has(entry.type)) return null;
  const t = pick(T);
  if (entry.data.cause === 'deadline_missed') return t.deadlineMissed;
  if (entry.type === 'BreakGlassAccess') return t.breakGlass;
  if (entry.type.endsWith('Overdue') || entry.type === 'StatementOverdueEscalated') return t.overdue;
  if (entry.type === 'GuardianUnreachable' || entry.type === 'NotificationFailed') return t.unreachable;
  return t.escalation;
}

/** One event of a case's timeline: what, when, by whom, and its facts. */
export function TimelineEntry({ entry }: { entry: TimelineEntryDto }) {
  const t = useTexts(T);
  const known = eventTypeLabel(entry.type) !== entry.type;
  const tag = alertTag(entry);
  return (
    <li className={`timeline__entry timeline__entry--${entry.type}${tag ? ' timeline__entry--alert' : ''}`}>
      <h4 className="timeline__title">
        {known ? eventTypeLabel(entry.type) : <code>{entry.type}</code>}
        {tag && <span className="badge badge--alert">{tag}</span>}
      </h4>
      <p className="timeline__time">
        <time dateTime={entry.occurredAt}>
          {formatDateTime(entry.occurredAt)}
          {uhr()}
        </time>
      </p>
      <dl className="facts facts--compact">
        <div className="facts__row">
          <dt>{t.by}</dt>
          <dd>
            {roleLabel(entry.actor.role)}
            {entry.actor.displayName && entry.actor.role !== 'system' && <> · {entry.actor.displayName}</>}
            {entry.actor.role !== 'system' && <span className="org"> ({entry.actor.id})</span>}
            {entry.actor.organisationId && (
              <span className="org">
                {' '}
                · {entry.actor.organisationName ?? entry.actor.organisationId}
                {entry.actor.organisationName && entry.actor.organisationName !== entry.actor.organisationId && (
                  <> ({entry.actor.organisationId})</>
                )}
              </span>
            )}
          </dd>
        </div>
        {eventDetails(entry).map((d) => (
          <div className="facts__row" key={d.label}>
            <dt>{d.label}</dt>
            <dd>{d.value}</dd>
          </div>
        ))}
      </dl>
    </li>
  );
}
