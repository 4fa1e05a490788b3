export * from './kafka-value.codec';
export * from './purpose-key';
export * from './temporal-payload.codec';
export * from './gcm-nonce';
