import type { ReactNode, Ref } from 'react';
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';

export type ButtonVariant = 'primary' | 'secondary' | 'quiet' | 'danger' | 'danger-outline';

interface ButtonProps extends Omit<AriaButtonProps, 'className' | 'children'> {
  variant: ButtonVariant;
  children: ReactNode;
  className?: string;
  buttonRef?: Ref<HTMLButtonElement>;
}

/**
 * React Aria's button in our look: presses work the same by mouse, touch, Enter and Space, and a
 * disabled button is really disabled. Submit buttons keep the browser's form submission.
 */
export function Button({ variant, className, buttonRef, children, ...props }: ButtonProps) {
  return (
    <AriaButton
      {...props}
      ref={buttonRef ?? null}
      className={`button button--${variant}${className ? ` ${className}` : ''}`}
    >
      {children}
    </AriaButton>
  );
}
