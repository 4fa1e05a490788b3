import type { TimelineFilters } from '../../api/api-client';
import { Button } from '../../components/button';
import { SelectField } from '../../components/select-field';
import { TextField } from '../../components/text-field';
import { ALERT_EVENT_TYPES, eventLabels } from '../../i18n/event-types';
import { locale, pick, texts, useTexts } from '../../i18n/language';
import { partyOptions } from '../../i18n/parties';
import { ExportButton } from './export-button';

// "Nur Eskalationen und verpasste Fristen": a failed notification is highlighted in the list, but
// it is neither an escalation nor a missed deadline, so the filter leaves it out.
const ALERTS_ONLY = [...ALERT_EVENT_TYPES].filter((t) => t !== 'NotificationFailed').join(',');

/** The "all" choice of a filter (a list box item needs a non-empty key). */
const ALL = 'all';

const T = texts(
  {
    allEvents: 'Alle Ereignisse',
    alertsOnly: 'Nur Eskalationen und verpasste Fristen',
    allParties: 'Alle Beteiligten',
    filter: 'Filter',
    event: 'Ereignis',
    party: 'Beteiligte',
    from: 'Von',
    to: 'Bis',
    fromInvalid: 'Bitte ein gültiges Datum angeben.',
    toInvalid: '„Bis“ muss nach „Von“ liegen.',
    applyFilter: 'Filtern',
    resetFilter: 'Filter zurücksetzen',
    loading: 'Wird geladen …',
    reload: 'Neu laden',
  },
  {
    allEvents: 'All events',
    alertsOnly: 'Only escalations and missed deadlines',
    allParties: 'All parties',
    filter: 'Filter',
    event: 'Event',
    party: 'Party',
    from: 'From',
    to: 'To',
    fromInvalid: 'Please enter a valid date.',
    toInvalid: '“To” must be after “From”.',
    applyFilter: 'Apply filter',
    resetFilter: 'Reset filter',
    loading: 'Loading …',
    reload: 'Reload',
  },
);

/** The filters as typed, before they are applied. */
export interface FilterDraft {
  type: string;
  party: string;
  from: string;
  to: string;
}

export const NO_FILTER: FilterDraft = { type: ALL, party: ALL, from: '', to: '' };

/** The event filter's choices in the current language, sorted by label. */
const typeOptions = () => {
  const t = pick(T);
  return [
    { value: ALL, label: t.allEvents },
    { value: ALERTS_ONLY, label: t.alertsOnly },
    ...Object.entries(eventLabels())
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label, locale())),
  ];
};

const partyFilterOptions = () => [{ value: ALL, label: pick(T).allParties }, ...partyOptions()];

/** datetime-local value (browser's local time) to an ISO instant; '' stays empty. */
const toIso = (v: string): string | undefined => {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};

/** What the API is asked for: the choices made, times as instants. */
export function filtersOf(draft: FilterDraft): TimelineFilters {
  const next: TimelineFilters = {};
  if (draft.type !== ALL) next.type = draft.type;
  if (draft.party !== ALL) next.party = draft.party;
  const from = toIso(draft.from);
  const to = toIso(draft.to);
  if (from) next.from = from;
  if (to) next.to = to;
  return next;
}

interface TimelineFilterFormProps {
  caseId: string;
  draft: FilterDraft;
  onDraft: (next: FilterDraft) => void;
  /** The filters the timeline shows now, applied with the button. */
  filters: TimelineFilters;
  onApply: () => void;
  onReset: () => void;
  reloading: boolean;
  onReload: () => void;
  /** The API refused the time given. */
  errors: { from?: string; to?: string };
  breakGlassReason: string | null;
}

/** Filters by event type, party and time; reloads and exports what is shown. */
export function TimelineFilterForm({
  caseId,
  draft,
  onDraft,
  filters,
  onApply,
  onReset,
  reloading,
  onReload,
  errors,
  breakGlassReason,
}: TimelineFilterFormProps) {
  const t = useTexts(T);
  const filtered = Object.keys(filters).length > 0;
  return (
    <form
      className="card filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply();
      }}
      aria-labelledby="filter-heading"
    >
      <h3 id="filter-heading">{t.filter}</h3>
      <div className="filters__grid">
        <SelectField
          id="filterType"
          label={t.event}
          options={typeOptions()}
          value={draft.type}
          onChange={(v) => onDraft({ ...draft, type: v })}
        />
        <SelectField
          id="filterParty"
          label={t.party}
          options={partyFilterOptions()}
          value={draft.party}
          onChange={(v) => onDraft({ ...draft, party: v })}
        />
        <TextField
          id="filterFrom"
          type="datetime-local"
          label={t.from}
          value={draft.from}
          onChange={(v) => onDraft({ ...draft, from: v })}
          error={errors.from ? t.fromInvalid : undefined}
        />
        <TextField
          id="filterTo"
          type="datetime-local"
          label={t.to}
          value={draft.to}
          onChange={(v) => onDraft({ ...draft, to: v })}
          error={errors.to ? t.toInvalid : undefined}
        />
      </div>
      <div className="form__actions">
        <Button type="submit" variant="primary">
          {t.applyFilter}
        </Button>
        {filtered && (
          <Button variant="quiet" onPress={onReset}>
            {t.resetFilter}
          </Button>
        )}
        <Button variant="secondary" onPress={onReload} isDisabled={reloading}>
          {reloading ? t.loading : t.reload}
        </Button>
        <ExportButton caseId={caseId} filters={filters} format="csv" breakGlassReason={breakGlassReason} />
        <ExportButton caseId={caseId} filters={filters} format="pdf" breakGlassReason={breakGlassReason} />
      </div>
    </form>
  );
}
