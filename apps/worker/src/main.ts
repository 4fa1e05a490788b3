import { loadConfig } from '@hilfenetz/config';
import { createWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const { worker, shutdown } = await createWorker(config);
  console.log(JSON.stringify({ level: 'info', msg: 'worker polling', taskQueue: config.TEMPORAL_TASK_QUEUE }));
  // Worker.run() handles SIGINT/SIGTERM itself: it drains in-flight tasks, then resolves.
  await worker.run();
  await shutdown();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
