// For tests and benchmarks: the projector's parts, usable in-process.
export * from './outbox-relay';
export * from './projection';
export * from './projection-runner';
export * from './projections';
export * from './timeline.projection';
export * from './projector';
export * from './task-inbox.projection';
export * from './case-facts.projection';
export * from './break-glass-review-escalations.projection';
export * from './relay-leadership';
export * from './quality-facts.projection';
export * from './quality-interface-items.projection';
export * from './weakness-register.projection';
export * from './case-task-sla.projection';
export * from './projection-sweep';
export * from './projection-fan-out';
export * from './projection-triage';
