/** One Server-Sent Events message as the client parsed it, stamped on arrival. */
export interface SseMessage {
  event: string;
  data: string;
  /** performance.now() when the message's last byte was parsed. */
  at: number;
}

/**
 * Reads a Server-Sent Events stream with fetch, the way apps/web/src/api/event-stream.ts does:
 * blocks split at a blank line, `event:` and `data:` fields, comments skipped. Resolves when the
 * server ends the stream; abort through `signal`.
 */
export async function readSse(
  url: string,
  headers: Record<string, string>,
  onMessage: (m: SseMessage) => void,
  signal: AbortSignal,
): Promise<void> {
  const res = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) throw new Error(`stream ${url}: HTTP ${res.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const at = performance.now();
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = val;
        else if (field === 'data') data.push(val);
      }
      if (data.length || event !== 'message') onMessage({ event, data: data.join('\n'), at });
    }
  }
}

/** Keeps a stream open until `signal` aborts: reopens after a break (counted), 500 ms later. */
export function keepOpen(
  open: (signal: AbortSignal) => Promise<void>,
  signal: AbortSignal,
  onBreak: (err: unknown) => void,
): Promise<void> {
  return (async () => {
    while (!signal.aborted) {
      try {
        await open(signal);
      } catch (err) {
        if (signal.aborted) return;
        onBreak(err);
      }
      if (!signal.aborted) await new Promise((r) => setTimeout(r, 500));
    }
  })();
}
