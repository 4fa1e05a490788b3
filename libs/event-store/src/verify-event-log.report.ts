import type { EventLogVerification } from './verify-event-log';

/** The lines `events:verify` and `db:restore` print for a verification, one finding per line. */
export function printEventLogVerification(
  v: EventLogVerification,
  opts: { wholeLog: boolean },
  print: (line: string) => void,
): void {
  for (const r of v.streams) {
    print(
      r.ok
        ? `ok       ${r.streamId} (${r.events} events)`
        : `BROKEN   ${r.streamId}: version ${r.streamVersion}${r.eventId ? ` (event ${r.eventId})` : ''}: ${r.reason}: ${r.detail}`,
    );
  }
  const broken = v.streams.filter((r) => !r.ok).length;
  print(`${v.streams.length - broken} of ${v.streams.length} streams verified`);

  const c = v.checkpoint;
  if (c === null) print('no signed checkpoint yet');
  else if (c === 'keys-missing') {
    print('BROKEN   signed checkpoints cannot be checked: EVENT_CHECKPOINT_PUBLIC_KEY is not set');
  } else if (c.latest) {
    for (const f of c.findings) print(`TAMPERED ${f.streamId ?? '(checkpoint log)'}: ${f.kind}: ${f.detail}`);
    const l = c.latest;
    print(
      `checkpoint ${l.seq} of ${l.createdAt} (${l.streamCount} streams, ${l.eventCount} events, key ${l.keyId}): ` +
        (c.findings.length ? `${c.findings.length} findings` : 'the log still holds everything it signed'),
    );
  }
  if (opts.wholeLog) {
    for (const f of v.holdsAndKeys) print(`TAMPERED ${f.streamId ?? '(no stream)'}: ${f.kind}: ${f.detail}`);
    print(
      v.holdsAndKeys.length
        ? `${v.holdsAndKeys.length} holds or keys the log does not explain`
        : 'holds and keys match the log',
    );
  }
}
