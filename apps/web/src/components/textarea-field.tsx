import type { Ref } from 'react';
import { FieldError, Label, Text, TextArea, TextField as AriaTextField } from 'react-aria-components';

export interface TextareaFieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  maxLength?: number;
  required?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
  textareaRef?: Ref<HTMLTextAreaElement>;
}

/** A labelled multi-line input (React Aria TextField with a TextArea), hint and error tied to it. */
export function TextareaField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  rows,
  maxLength,
  required,
  disabled,
  autoFocus,
  textareaRef,
}: TextareaFieldProps) {
  return (
    <AriaTextField
      id={id}
      className={`field${error ? ' field--invalid' : ''}`}
      value={value}
      onChange={onChange}
      isInvalid={!!error}
      isRequired={!!required}
      isDisabled={!!disabled}
      validationBehavior="aria"
      {...(maxLength ? { maxLength } : {})}
      {...(autoFocus ? { autoFocus } : {})}
    >
      <Label className="field__label">{label}</Label>
      {hint && (
        <Text slot="description" className="field__hint">
          {hint}
        </Text>
      )}
      <TextArea className="field__input field__input--multiline" rows={rows ?? 3} ref={textareaRef ?? null} />
      <FieldError className="field-error">{error}</FieldError>
    </AriaTextField>
  );
}
