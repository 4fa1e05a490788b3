import type { CrisisPhase, DangerKind, Urgency } from '@hilfenetz/contracts';
import { pick, texts } from './language';

export interface Option<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

const T = texts(
  {
    danger: [
      { value: 'self', label: 'Selbstgefährdung' },
      { value: 'others', label: 'Fremdgefährdung' },
      { value: 'self_and_others', label: 'Beides', hint: 'Selbst- und Fremdgefährdung' },
    ] as Option<DangerKind>[],
    urgency: [
      { value: 'immediate', label: 'Sofort', hint: 'akute Gefahr, jetzt handeln' },
      { value: 'urgent', label: 'Dringend', hint: 'innerhalb weniger Stunden' },
      { value: 'soon', label: 'Zeitnah', hint: 'heute noch klären' },
    ] as Option<Urgency>[],
    status: {
      triggering: 'Wird ausgelöst …',
      open: 'Offen – das Krisenprotokoll läuft',
      admitted: 'Aufgenommen in der Klinik',
      not_admitted: 'Nicht aufgenommen – Anschlussweg vereinbart',
      discharged: 'Entlassung angekündigt – Hilfeplanung folgt',
      cancelled: 'Abgebrochen (Fehlalarm)',
    } as Record<CrisisPhase, string>,
  },
  {
    danger: [
      { value: 'self', label: 'Danger to self' },
      { value: 'others', label: 'Danger to others' },
      { value: 'self_and_others', label: 'Both', hint: 'Danger to self and others' },
    ],
    urgency: [
      { value: 'immediate', label: 'Immediate', hint: 'acute danger, act now' },
      { value: 'urgent', label: 'Urgent', hint: 'within a few hours' },
      { value: 'soon', label: 'Soon', hint: 'to be settled today' },
    ],
    status: {
      triggering: 'Being triggered …',
      open: 'Open – the crisis protocol is running',
      admitted: 'Admitted to the clinic',
      not_admitted: 'Not admitted – follow-up agreed',
      discharged: 'Discharge announced – help planning follows',
      cancelled: 'Cancelled (false alarm)',
    },
  },
);

export const dangerKindOptions = (): Option<DangerKind>[] => pick(T).danger;
export const urgencyOptions = (): Option<Urgency>[] => pick(T).urgency;

const labelOf = <V extends string>(options: Option<V>[], value: unknown): string =>
  options.find((o) => o.value === value)?.label ?? String(value);

export const dangerKindLabel = (value: unknown): string => labelOf(dangerKindOptions(), value);
export const urgencyLabel = (value: unknown): string => labelOf(urgencyOptions(), value);

/** Phases after which a crisis does not change any more. */
export const FINAL_PHASES: ReadonlySet<string> = new Set(['cancelled', 'not_admitted', 'discharged']);

export const crisisStatusLabel = (status: string): string => {
  const labels = pick(T).status;
  return Object.hasOwn(labels, status) ? labels[status as CrisisPhase] : status;
};
