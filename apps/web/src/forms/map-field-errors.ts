import { ApiError } from '../api/api-error';
import { fieldMessage } from '../i18n/api-messages';

export interface MappedErrors<K extends string> {
  /** German message per form field, for the fields this form shows. */
  byField: Partial<Record<K, string>>;
  /** Messages about parts of the request the form has no field for. */
  other: string[];
}

/**
 * Puts the API's `errors[]` next to the form's fields. `fields` maps the API's location
 * (`body.dangerKind`, `path.caseId`) to the form's field name.
 */
export function mapFieldErrors<K extends string>(err: unknown, fields: Record<string, K>): MappedErrors<K> {
  const result: MappedErrors<K> = { byField: {}, other: [] };
  if (!(err instanceof ApiError)) return result;
  for (const { field, reason } of err.fieldErrors) {
    const target = fields[field];
    const message = fieldMessage(field, reason);
    if (target && !result.byField[target]) result.byField[target] = message;
    else if (!target) result.other.push(message);
  }
  return result;
}

/** After a failed submit, moves focus to the first field marked invalid so it is read out. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  // A React Aria Select marks its wrapper (data-invalid), not its button.
  const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"], .select[data-invalid]');
  if (!invalid) return;
  if (invalid.matches('.select')) {
    invalid.querySelector<HTMLElement>('button')?.focus();
    return;
  }
  // A radio or checkbox group marks the group, which takes no focus: go to its chosen or first option.
  if (invalid.matches('input, textarea, select, button')) invalid.focus();
  else invalid.querySelector<HTMLElement>('input:checked, input:not([disabled])')?.focus();
}
