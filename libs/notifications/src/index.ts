export * from './notification';
export * from './notification-text.de';
export * from './notification-dispatcher';
export * from './smtp-email.channel';
export * from './http-gateway-sms.channel';
export * from './in-app.channel';
export * from './gateway-signature';
