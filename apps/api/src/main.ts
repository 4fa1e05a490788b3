import { loadConfig } from '@hilfenetz/config';
import { createApi } from './create-api';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApi();
  await app.listen(config.API_PORT, '127.0.0.1');
  console.log(JSON.stringify({ level: 'info', msg: 'api listening', url: await app.getUrl() }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
