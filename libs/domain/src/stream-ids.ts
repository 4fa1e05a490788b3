/** One stream per case: every crisis and help-planning event of a case lands in the case's stream. */
export function caseStreamId(caseId: string): string {
  return `case-${caseId}`;
}

export function caseIdFromStreamId(streamId: string): string | null {
  return streamId.startsWith('case-') ? streamId.slice('case-'.length) : null;
}
