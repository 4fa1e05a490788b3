import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '@hilfenetz/config';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm run build:workflows`: the production bundle (set WORKFLOW_BUNDLE_PATH to use it). Also a CI
 * target: a workflow that imports something non-deterministic fails the build here.
 */
async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('./workflows'),
    ...workflowBundleOptions,
  });
  const out = path.resolve(process.argv[2] ?? 'dist/workflows/crisis-bundle.js');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, code);
  console.log(`wrote ${out} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
