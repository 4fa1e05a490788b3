export * from './domain-error';
export * from './stream-ids';
export * from './crisis/crisis.state';
export * from './crisis/crisis.commands';
export * from './crisis/crisis.decide';
export * from './crisis/crisis.evolve';
