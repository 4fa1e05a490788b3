import type { BundleOptions } from '@temporalio/worker';

/**
 * How every workflow bundle is built (the worker's, `npm run build:workflows`, the replay and
 * time-skipping tests), so the code replayed in tests is the code that runs.
 *
 * The reusable V8 context gives every workflow run its own module cache: each module a workflow
 * imports is evaluated anew per run. A crisis imports the contracts (zod schemas), the domain and
 * the workflow support; evaluating them was the largest single cost of a crisis on the worker's
 * workflow thread (bench:inbox's profile; webpack leaving out unused modules, 8d89f05, halved it).
 * Since SDK 1.24 such modules can be preloaded: evaluated once when the context is made and shared
 * by every run. Our libraries qualify, having no module state a run could change (docs/adr/0044,
 * the constants a workflow reads are deep-frozen); zod comes with the contracts.
 * What stays per run is the workflow modules themselves: their handlers and their state.
 */
export const workflowBundleOptions: Pick<BundleOptions, 'preloadModules'> = {
  preloadModules: ['@hilfenetz/contracts', '@hilfenetz/domain', '@hilfenetz/workflow-support'],
};
