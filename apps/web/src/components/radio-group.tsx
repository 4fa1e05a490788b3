import type { Option } from '../i18n/crisis-terms.de';

interface RadioGroupProps<T extends string> {
  name: string;
  legend: string;
  options: Option<T>[];
  value: T | '';
  onChange: (value: T) => void;
  error?: string | undefined;
  disabled?: boolean;
}

/** A fieldset of large radio buttons (easy to hit on a tablet) with an error tied to the group. */
export function RadioGroup<T extends string>({
  name,
  legend,
  options,
  value,
  onChange,
  error,
  disabled,
}: RadioGroupProps<T>) {
  const errorId = `${name}-error`;
  return (
    <fieldset
      className={`field radio-group${error ? ' field--invalid' : ''}`}
      aria-describedby={error ? errorId : undefined}
      disabled={disabled}
    >
      <legend className="field__label">{legend}</legend>
      <div className="radio-group__options">
        {options.map((o) => (
          <label key={o.value} className="radio-group__option">
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              aria-invalid={error ? true : undefined}
            />
            <span className="radio-group__text">
              <span className="radio-group__label">{o.label}</span>
              {o.hint && <span className="radio-group__hint">{o.hint}</span>}
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
