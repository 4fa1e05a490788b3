/** A rule of the domain refused a command. Carries a stable code the API maps to a 409/422. */
export class DomainRuleViolation extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainRuleViolation';
  }
}
