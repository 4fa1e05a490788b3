export * from './topics';
export * from './event-bus.ports';
export * from './kafka-client';
export * from './kafka-security';
export * from './kafka-publisher';
export * from './kafka-subscriber';
export * from './ensure-topics';
export * from './consumer-group-adoption';
