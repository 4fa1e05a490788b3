import type { InputHTMLAttributes, Ref } from 'react';
import { FieldError, Input, Label, Text, TextField as AriaTextField } from 'react-aria-components';

/** What the native input still needs beyond React Aria's props (e.g. autoCapitalize, spellCheck). */
type NativeInputProps = Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'autoCapitalize' | 'spellCheck' | 'min' | 'max' | 'step' | 'placeholder'
>;

export interface TextFieldProps extends NativeInputProps {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'search' | 'datetime-local' | 'date' | 'time' | 'email' | 'tel';
  autoComplete?: string;
  maxLength?: number;
  required?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * A labelled single-line input (React Aria TextField): label, hint and error are tied to the input
 * for screen readers; the error stands right under the field.
 */
export function TextField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  type = 'text',
  autoComplete,
  maxLength,
  required,
  disabled,
  autoFocus,
  inputRef,
  ...native
}: TextFieldProps) {
  return (
    <AriaTextField
      id={id}
      className={`field${error ? ' field--invalid' : ''}`}
      value={value}
      onChange={onChange}
      type={type}
      isInvalid={!!error}
      isRequired={!!required}
      isDisabled={!!disabled}
      // Our forms check on submit and show the API's answers; no browser bubbles.
      validationBehavior="aria"
      {...(autoComplete ? { autoComplete } : {})}
      {...(maxLength ? { maxLength } : {})}
      {...(autoFocus ? { autoFocus } : {})}
    >
      <Label className="field__label">{label}</Label>
      {hint && (
        <Text slot="description" className="field__hint">
          {hint}
        </Text>
      )}
      <Input className="field__input" ref={inputRef ?? null} {...native} />
      <FieldError className="field-error">{error}</FieldError>
    </AriaTextField>
  );
}
