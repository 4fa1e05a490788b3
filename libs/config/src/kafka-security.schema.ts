import { z } from 'zod';

/**
 * How the apps reach a Kafka cluster that requires TLS and SASL/SCRAM (the production shape,
 * issue 15). All unset: plain connections, as to the single broker `npm start` runs.
 */
export const kafkaSecurityVariables = {} satisfies z.ZodRawShape;
