import { ensureDatabase, startSystem, type AppProcess } from '@hilfenetz/testing';
import path from 'node:path';
import { createFuzzNamespace, deleteFuzzNamespace } from './temporal-namespace';

declare global {
  var __FUZZ_APPS__: AppProcess[] | undefined;
  var __FUZZ_NAMESPACE__: string | undefined;
}

/**
 * The real system for the fuzzer (API, worker, projector on `<test db>_fuzz`, trusting the
 * stack's Keycloak), apart from the e2e system: schemathesis writes as every role, the
 * administrator included (erasures, agreement withdrawals), and thousands of writes per user
 * would use up the e2e system's per-user write limit, which is counted in its database.
 */
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  await ensureDatabase('fuzz');
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS missing: run the tests through npm test');
  const namespace = await createFuzzNamespace(address);
  globalThis.__FUZZ_NAMESPACE__ = namespace;
  const system = await startSystem(root, {
    dbSuffix: 'fuzz',
    label: 'fuzz',
    extraEnv: {
      // The fuzzer sends hundreds of writes per user and minute; the limit itself has its e2e test.
      API_WRITE_RATE_LIMIT: '100000',
      CASE_READ_RATE_LIMIT: '1000000',
      TEMPORAL_NAMESPACE: namespace,
    },
  }).catch(async (err: unknown) => {
    await deleteFuzzNamespace(address, namespace);
    throw err;
  });
  globalThis.__FUZZ_APPS__ = system.apps;
  Object.assign(process.env, {
    FUZZ_API_URL: system.apiUrl,
    FUZZ_OIDC_ISSUER: system.issuer,
    FUZZ_KAFKA_TOPIC_PREFIX: system.topicPrefix,
  });
}
