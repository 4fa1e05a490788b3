import { loadConfig } from '@hilfenetz/config';
import { createMetricsRegistry, startMetricsServer, type MetricsServer } from '@hilfenetz/observability';
import { createWorker, defaultWorkflowSource } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const metrics = config.METRICS_PORT === undefined ? undefined : createMetricsRegistry('worker');
  const { worker, shutdown } = await createWorker(config, defaultWorkflowSource(config), metrics ? { metrics } : {});
  let server: MetricsServer | undefined;
  if (metrics && config.METRICS_PORT !== undefined && config.METRICS_TOKEN) {
    server = await startMetricsServer({
      registry: metrics,
      host: config.METRICS_HOST,
      port: config.METRICS_PORT,
      token: config.METRICS_TOKEN,
    });
  }
  console.log(
    JSON.stringify({
      level: 'info',
      msg: 'worker polling',
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowStackTraces: config.TEMPORAL_WORKFLOW_STACK_TRACES,
      metrics: server?.url,
    }),
  );
  // Worker.run() handles SIGINT/SIGTERM itself: it drains in-flight tasks, then resolves.
  await worker.run();
  await server?.close();
  await shutdown();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
