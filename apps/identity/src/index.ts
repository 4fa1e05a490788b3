export * from './demo-users';
export * from './identity-server';
