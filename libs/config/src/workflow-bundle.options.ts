import type { BundleOptions } from '@temporalio/worker';

/**
 * How every workflow bundle is built (the worker's, `npm run build:workflows`, the replay and
 * time-skipping tests), so the code replayed in tests is the code that runs.
 *
 * The reusable V8 context evaluates a bundle's modules anew for every workflow run (module state
 * stays per run). Our workflows import the contracts and domain barrels, so each crisis used to
 * evaluate every API DTO and event schema of the system (245 modules, ~36 ms of the workflow
 * thread per crisis in bench:inbox's profile) to use a handful. Our libraries have no import-time
 * side effects, so webpack may leave out every module whose exports no workflow uses.
 */
export const workflowBundleOptions: Pick<BundleOptions, 'webpackConfigHook'> = {
  webpackConfigHook: (config) => ({
    ...config,
    module: {
      ...config.module,
      rules: [
        ...(config.module?.rules ?? []),
        // Only our own libraries: third-party packages declare their side effects themselves.
        { test: /[\\/]libs[\\/](contracts|domain|workflow-support)[\\/]src[\\/]/, sideEffects: false },
      ],
    },
    optimization: {
      ...config.optimization,
      sideEffects: true,
      usedExports: true,
      providedExports: true,
      innerGraph: true,
    },
  }),
};
