import type { TimelineEntryDto } from '@hilfenetz/contracts';
import { formatDateTime } from '../i18n/date-format.de';
import { eventDetails } from '../i18n/event-details.de';
import { eventTypeLabel } from '../i18n/event-types.de';
import { roleLabel } from '../i18n/roles.de';

/** One event of a case's timeline: what, when, by whom, and its facts. */
export function TimelineEntry({ entry }: { entry: TimelineEntryDto }) {
  const known = eventTypeLabel(entry.type) !== entry.type;
  return (
    <li className={`timeline__entry timeline__entry--${entry.type}`}>
      <h3 className="timeline__title">{known ? eventTypeLabel(entry.type) : <code>{entry.type}</code>}</h3>
      <p className="timeline__time">
        <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)} Uhr</time>
      </p>
      <dl className="facts facts--compact">
        <div className="facts__row">
          <dt>Durch</dt>
          <dd>
            {roleLabel(entry.actor.role)}
            {entry.actor.organisationId && <span className="org"> · {entry.actor.organisationId}</span>}
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
