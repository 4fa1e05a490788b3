export interface TimelineEntryDto {
  eventId: string;
  position: string;
  streamVersion: number;
  type: string;
  occurredAt: string;
  actor: { id: string; role: string; organisationId: string | null };
  data: Record<string, unknown>;
}

export interface TimelineResponse {
  caseId: string;
  entries: TimelineEntryDto[];
}
