export * from './sms-gateway-server';
export * from './simulated-phones';
