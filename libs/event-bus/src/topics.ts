/**
 * Every Kafka topic hilfenetz uses, declared in code and created by the stack (`ensure-topics`).
 * Case events are keyed by stream id, so all events of one case stay in order on one partition.
 */
export interface TopicSpec {
  name: string;
  partitions: number;
  /** -1 keeps events forever: Kafka is a transport here, but consumers may replay from the start. */
  retentionMs: number;
}

export const TOPICS = {
  caseEvents: { name: 'hilfenetz.case-events.v1', partitions: 6, retentionMs: -1 },
} satisfies Record<string, TopicSpec>;

export function topicName(prefix: string, spec: TopicSpec): string {
  return `${prefix}${spec.name}`;
}
