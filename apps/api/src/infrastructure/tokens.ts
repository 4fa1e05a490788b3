/** Injection tokens for the things the API gets from outside Nest. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const CLOCK = Symbol('CLOCK');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const PERSONAL_DATA_VAULT = Symbol('PERSONAL_DATA_VAULT');
