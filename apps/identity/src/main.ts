import { startIdentityServer } from './identity-server';

async function main(): Promise<void> {
  const port = Number(process.env.IDENTITY_PORT ?? 3001);
  const server = await startIdentityServer({
    port,
    audience: process.env.OIDC_AUDIENCE ?? 'hilfenetz-api',
    testMinting: process.env.NODE_ENV === 'test',
  });
  console.log(JSON.stringify({ level: 'info', msg: 'local OIDC issuer listening', issuer: server.issuer }));
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
