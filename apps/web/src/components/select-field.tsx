import {
  Button as AriaButton,
  FieldError,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select as AriaSelect,
  SelectValue,
  Text,
} from 'react-aria-components';
import type { Option } from '../i18n/crisis-terms';

export interface SelectFieldProps<T extends string> {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  /** The choices; a value must not be empty (the empty value means "nothing chosen"). */
  options: readonly Option<T>[];
  /** '' shows the placeholder. */
  value: T | '';
  onChange: (value: T) => void;
  placeholder?: string;
  disabled?: boolean;
}

/**
 * A labelled choice from a list (React Aria Select): a button that opens a list box. Arrow keys,
 * Enter, Space and typing the first letters choose; Escape closes. Label, hint and error are tied
 * to the button for screen readers; the error stands right under the field.
 */
export function SelectField<T extends string>({
  id,
  label,
  hint,
  error,
  options,
  value,
  onChange,
  placeholder,
  disabled,
}: SelectFieldProps<T>) {
  return (
    <AriaSelect
      id={id}
      className={`field select${error ? ' field--invalid' : ''}`}
      value={value === '' ? null : value}
      onChange={(key) => {
        if (key !== null) onChange(String(key) as T);
      }}
      isInvalid={!!error}
      isDisabled={!!disabled}
      // Our forms check on submit and show the API's answers; no browser bubbles.
      validationBehavior="aria"
      {...(placeholder ? { placeholder } : {})}
    >
      <Label className="field__label">{label}</Label>
      {hint && (
        <Text slot="description" className="field__hint">
          {hint}
        </Text>
      )}
      <AriaButton className="field__input select__button">
        <SelectValue className="select__value" />
        <span className="select__chevron" aria-hidden="true" />
      </AriaButton>
      <FieldError className="field-error">{error}</FieldError>
      <Popover className="select__popover" offset={4}>
        <ListBox className="select__list">
          {options.map((o) => (
            <ListBoxItem key={o.value} id={o.value} textValue={o.label} className="select__option">
              {o.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </AriaSelect>
  );
}
