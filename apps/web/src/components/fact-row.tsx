import type { ReactNode } from 'react';

interface FactRowProps {
  label: ReactNode;
  /** Highlights the whole row, for what needs someone to act. */
  alert?: boolean;
  valueClassName?: string;
  children: ReactNode;
}

/** One term and its value in a facts list (`<dl className="facts">`). */
export function FactRow({ label, alert = false, valueClassName, children }: FactRowProps) {
  return (
    <div className={`facts__row${alert ? ' facts__row--alert' : ''}`}>
      <dt>{label}</dt>
      <dd className={valueClassName}>{children}</dd>
    </div>
  );
}
