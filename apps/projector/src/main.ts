import { loadConfig } from '@hilfenetz/config';
import { startProjector } from './projector';

async function main(): Promise<void> {
  const projector = await startProjector(loadConfig());
  const stop = () => {
    projector.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
