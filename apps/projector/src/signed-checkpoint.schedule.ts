import type { AppConfig } from '@hilfenetz/config';
import { CheckpointRefused, parseCheckpointSigningKey, writeSignedCheckpoint } from '@hilfenetz/event-store';
import type { DataSource } from 'typeorm';

type Log = (level: 'info' | 'error', msg: string, extra?: Record<string, unknown>) => void;

/**
 * Signs a checkpoint of the event log every EVENT_CHECKPOINT_INTERVAL_SECONDS (docs/adr/0016). The
 * projector holds the signing key: it already reads the whole log, has no public surface, and is
 * not the API that takes the writes a checkpoint is meant to vouch for. Without a key there are no
 * scheduled checkpoints, which production refuses.
 */
export function scheduleSignedCheckpoints(ds: DataSource, config: AppConfig, log: Log): { stop(): Promise<void> } {
  if (!config.EVENT_CHECKPOINT_SIGNING_KEY) {
    if (config.NODE_ENV === 'production') {
      throw new Error("EVENT_CHECKPOINT_SIGNING_KEY is not set: the projector signs the event log's checkpoints");
    }
    log('info', 'signed checkpoints off: EVENT_CHECKPOINT_SIGNING_KEY is not set');
    return { stop: async () => undefined };
  }
  const key = parseCheckpointSigningKey(config.EVENT_CHECKPOINT_SIGNING_KEY);
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = writeSignedCheckpoint(ds, key).then(
      (c) =>
        log('info', 'signed checkpoint', { seq: c.seq, streams: c.streamCount, events: c.eventCount, keyId: c.keyId }),
      // A refusal is the alarm this exists for: loud, and retried next time (it stays refused).
      (err: unknown) =>
        log(
          'error',
          err instanceof CheckpointRefused ? 'event log changed: no checkpoint signed' : 'checkpoint failed',
          {
            error: err instanceof Error ? err.message : String(err),
          },
        ),
    );
  };
  const timer = setInterval(tick, config.EVENT_CHECKPOINT_INTERVAL_SECONDS * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
