import { loadSmsGatewayConfig } from '@hilfenetz/config';
import { startSmsGateway } from './sms-gateway-server';

const log = (msg: string, fields: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ level: 'info', time: new Date().toISOString(), msg, ...fields }));

async function main(): Promise<void> {
  const config = loadSmsGatewayConfig();
  const gateway = await startSmsGateway({
    port: config.SMS_GATEWAY_PORT,
    secret: config.SMS_GATEWAY_SECRET,
    deliveryDelayMs: config.SMS_GATEWAY_DELIVERY_DELAY_MS,
    log,
  });
  log('sms gateway listening', { url: gateway.url });
  const stop = () => void gateway.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
