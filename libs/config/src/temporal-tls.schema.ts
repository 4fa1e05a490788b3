import { z } from 'zod';

/**
 * How the apps reach a Temporal frontend that requires mutual TLS (the production shape, issue 15).
 * All unset: a plain connection, as to the dev server `npm start` runs.
 */
export const temporalTlsVariables = {} satisfies z.ZodRawShape;
