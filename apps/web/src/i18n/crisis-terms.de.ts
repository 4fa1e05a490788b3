import type { CrisisPhase, DangerKind, Urgency } from '@hilfenetz/contracts';

export interface Option<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

export const dangerKindOptions: Option<DangerKind>[] = [
  { value: 'self', label: 'Selbstgefährdung' },
  { value: 'others', label: 'Fremdgefährdung' },
  { value: 'self_and_others', label: 'Beides', hint: 'Selbst- und Fremdgefährdung' },
];

export const urgencyOptions: Option<Urgency>[] = [
  { value: 'immediate', label: 'Sofort', hint: 'akute Gefahr, jetzt handeln' },
  { value: 'urgent', label: 'Dringend', hint: 'innerhalb weniger Stunden' },
  { value: 'soon', label: 'Zeitnah', hint: 'heute noch klären' },
];

const labelOf = <T extends string>(options: Option<T>[], value: unknown): string =>
  options.find((o) => o.value === value)?.label ?? String(value);

export const dangerKindLabel = (value: unknown): string => labelOf(dangerKindOptions, value);
export const urgencyLabel = (value: unknown): string => labelOf(urgencyOptions, value);

const STATUS_LABELS: Record<CrisisPhase, string> = {
  triggering: 'Wird ausgelöst …',
  open: 'Offen – das Krisenprotokoll läuft',
  admitted: 'Aufgenommen in der Klinik',
  not_admitted: 'Nicht aufgenommen – Anschlussweg vereinbart',
  discharged: 'Entlassung angekündigt – Hilfeplanung folgt',
  cancelled: 'Abgebrochen (Fehlalarm)',
};

/** Phases after which a crisis does not change any more. */
export const FINAL_PHASES: ReadonlySet<string> = new Set(['cancelled', 'not_admitted', 'discharged']);

export const crisisStatusLabel = (status: string): string =>
  Object.hasOwn(STATUS_LABELS, status) ? STATUS_LABELS[status as CrisisPhase] : status;
