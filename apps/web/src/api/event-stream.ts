import { afterUnauthorized, freshAccessToken } from '../auth/token-refresh';
import { appConfig } from '../config';

export interface StreamEvent {
  event: string;
  data: string;
}

/**
 * Reads a Server-Sent Events stream with the user's bearer token (EventSource cannot send
 * headers). Calls `onEvent` per event; resolves when the server ends the stream, rejects when it
 * cannot be opened or breaks. Abort through `signal`.
 */
export async function readEventStream(
  path: string,
  onEvent: (e: StreamEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const token = await freshAccessToken();
  if (!token) throw new Error('not logged in');
  const res = await fetch(`${appConfig.apiBasePath}${path}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    cache: 'no-store',
    signal,
  });
  // A refused token: refreshed (the reconnect uses the new one) or the session has ended.
  if (res.status === 401) await afterUnauthorized(token);
  if (!res.ok || !res.body) throw new Error(`stream: HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
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
      if (data.length || event !== 'message') onEvent({ event, data: data.join('\n') });
    }
  }
}
