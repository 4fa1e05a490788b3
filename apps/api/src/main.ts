import { loadConfig } from '@hilfenetz/config';
import { createMetricsRegistry, startMetricsServer } from '@hilfenetz/observability';
import { Logger } from 'nestjs-pino';
import { createApi } from './create-api';

async function main(): Promise<void> {
  const config = loadConfig();
  const metrics = config.METRICS_PORT === undefined ? undefined : createMetricsRegistry('api');
  const app = await createApi(metrics ? { metrics } : {});
  await app.listen(config.API_PORT, '127.0.0.1');
  app.get(Logger).log(`api listening on ${await app.getUrl()}`, 'Main');
  if (metrics && config.METRICS_PORT !== undefined && config.METRICS_TOKEN) {
    const server = await startMetricsServer({
      registry: metrics,
      host: config.METRICS_HOST,
      port: config.METRICS_PORT,
      token: config.METRICS_TOKEN,
    });
    app.get(Logger).log(`metrics on ${server.url}`, 'Main');
  }
}

main().catch((err: unknown) => {
  // The logger may not exist yet (bad configuration): one JSON line by hand, as pino would write it.
  const e = err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) };
  console.error(JSON.stringify({ level: 'fatal', time: new Date().toISOString(), msg: 'api failed to start', err: e }));
  process.exit(1);
});
