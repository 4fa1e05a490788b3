export interface TimelineEntryDto {
  eventId: string;
  position: string;
  streamVersion: number;
  type: string;
  occurredAt: string;
  actor: {
    id: string;
    role: string;
    organisationId: string | null;
    /** The person's display name (people directory), or null when not known. */
    displayName: string | null;
    /** The organisation's name from the agreement versions, or null when not named there. */
    organisationName: string | null;
  };
  data: Record<string, unknown>;
  /** Names of the ids in `data` (organisations, contacts, people): id → display name. */
  labels: Record<string, string>;
}

export interface TimelineResponse {
  caseId: string;
  entries: TimelineEntryDto[];
}
