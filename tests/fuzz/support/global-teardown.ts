import { stopSystem } from '@hilfenetz/testing';
import { deleteFuzzNamespace } from './temporal-namespace';

export default async function globalTeardown(): Promise<void> {
  try {
    await stopSystem(globalThis.__FUZZ_APPS__ ?? [], process.env.FUZZ_KAFKA_TOPIC_PREFIX, 'fuzz');
  } finally {
    // The run's workflows leave with it (the namespace is the fuzz run's alone).
    const namespace = globalThis.__FUZZ_NAMESPACE__;
    if (namespace && process.env.TEMPORAL_ADDRESS) await deleteFuzzNamespace(process.env.TEMPORAL_ADDRESS, namespace);
  }
}
