import { FieldError, Label, Radio, RadioGroup as AriaRadioGroup } from 'react-aria-components';
import type { Option } from '../i18n/crisis-terms';

interface RadioGroupProps<T extends string> {
  name: string;
  legend: string;
  options: Option<T>[];
  value: T | '';
  onChange: (value: T) => void;
  error?: string | undefined;
  disabled?: boolean;
  className?: string;
}

/**
 * Large radio buttons (easy to hit on a tablet) as a React Aria RadioGroup: arrow keys move the
 * choice, Tab leaves the group, the error is announced with it.
 */
export function RadioGroup<T extends string>({
  name,
  legend,
  options,
  value,
  onChange,
  error,
  disabled,
  className,
}: RadioGroupProps<T>) {
  return (
    <AriaRadioGroup
      name={name}
      id={name}
      className={`field radio-group${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}
      value={value || null}
      onChange={(v) => onChange(v as T)}
      isInvalid={!!error}
      isDisabled={!!disabled}
      validationBehavior="aria"
    >
      <Label className="field__label">{legend}</Label>
      <div className="radio-group__options">
        {options.map((o) => (
          <Radio key={o.value} value={o.value} className="radio-group__option">
            <span className="radio-group__mark" aria-hidden="true" />
            <span className="radio-group__text">
              <span className="radio-group__label">{o.label}</span>
              {o.hint && <span className="radio-group__hint">{o.hint}</span>}
            </span>
          </Radio>
        ))}
      </div>
      <FieldError className="field-error">{error}</FieldError>
    </AriaRadioGroup>
  );
}
