/**
 * The envelope every domain event travels in: through the event store, Kafka and the projections.
 * Personal data never sits in `data` in clear text: ids are pseudonymous, personal fields encrypted.
 */
export interface EventMetadata {
  /** Pseudonymous id of the person (or `system`) whose action caused the event. */
  actorId: string;
  actorRole: string;
  organisationId?: string;
  correlationId: string;
  causationId?: string;
  workflowId?: string;
  workflowRunId?: string;
  /** Legal basis when the event discloses data to another party (e.g. "§8a Abs. 1 SGB VIII"). */
  legalBasis?: string;
}

export interface NewEvent<TType extends string = string, TData = unknown> {
  eventId: string;
  type: TType;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
}

export interface StoredEvent<TType extends string = string, TData = unknown> extends NewEvent<TType, TData> {
  streamId: string;
  streamVersion: number;
  globalPosition: string;
  /** Postgres transaction id of the writing transaction; with the position it orders reads by commit. */
  transactionId: string;
  recordedAt: string;
  prevHash: string | null;
  hash: string;
}
