import { loadConfig } from '@hilfenetz/config';
import { Logger } from 'nestjs-pino';
import { createApi } from './create-api';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApi();
  await app.listen(config.API_PORT, '127.0.0.1');
  app.get(Logger).log(`api listening on ${await app.getUrl()}`, 'Main');
}

main().catch((err: unknown) => {
  // The logger may not exist yet (bad configuration): one JSON line by hand, as pino would write it.
  const e = err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) };
  console.error(JSON.stringify({ level: 'fatal', time: new Date().toISOString(), msg: 'api failed to start', err: e }));
  process.exit(1);
});
