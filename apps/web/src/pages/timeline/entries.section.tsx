import type { TimelineEntryDto } from '@hilfenetz/contracts';
import { Button } from '../../components/button';
import { TimelineEntry } from '../../components/timeline-entry';
import { formatTime } from '../../i18n/date-format';
import { texts, useTexts } from '../../i18n/language';

const T = texts(
  {
    events: 'Ereignisse',
    count: (n: number) => (n === 1 ? '1 Eintrag' : `${n} Einträge`),
    filtered: ' (gefiltert)',
    asOf: (time: string) => ` · Stand ${time} Uhr`,
    noneFiltered: 'Keine Einträge für diese Filter.',
    none: 'Für diesen Fall gibt es noch keine Einträge.',
    more: 'Weitere Einträge laden',
    loading: 'Wird geladen …',
  },
  {
    events: 'Events',
    count: (n: number) => (n === 1 ? '1 entry' : `${n} entries`),
    filtered: ' (filtered)',
    asOf: (time: string) => ` · As of ${time}`,
    noneFiltered: 'No entries for these filters.',
    none: 'There are no entries for this case yet.',
    more: 'Load more entries',
    loading: 'Loading …',
  },
);

interface TimelineEntriesProps {
  entries: TimelineEntryDto[];
  filtered: boolean;
  /** When the shown pages were read (0: not yet). */
  updatedAt: number;
  hasMore: boolean;
  loadingMore: boolean;
  onMore: () => void;
}

/** The events of the case, a page at a time. */
export function TimelineEntries({ entries, filtered, updatedAt, hasMore, loadingMore, onMore }: TimelineEntriesProps) {
  const t = useTexts(T);
  return (
    <section aria-labelledby="entries-heading">
      <div className="section-head">
        <h3 id="entries-heading">{t.events}</h3>
        <p className="muted">
          <span role="status">
            {t.count(entries.length)}
            {filtered && t.filtered}
          </span>
          {updatedAt > 0 && t.asOf(formatTime(new Date(updatedAt)))}
        </p>
      </div>
      {entries.length === 0 ? (
        <p className="empty">{filtered ? t.noneFiltered : t.none}</p>
      ) : (
        <ol className="timeline">
          {entries.map((entry) => (
            <TimelineEntry key={entry.eventId} entry={entry} />
          ))}
        </ol>
      )}
      {hasMore && (
        <Button variant="secondary" onPress={onMore} isDisabled={loadingMore}>
          {loadingMore ? t.loading : t.more}
        </Button>
      )}
    </section>
  );
}
