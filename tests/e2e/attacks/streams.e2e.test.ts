import { eventually, tokenFor } from '@hilfenetz/testing';
import { e2eStack } from '../support/e2e-stack';
import { expectProblem, mintToken, openStream, type OpenStream } from './attack-support';

const stack = e2eStack();
/** API_MAX_STREAMS_PER_USER's default, which the e2e API runs with. */
const MAX_STREAMS = 5;

const opened = (s: OpenStream) => (s.events.some((e) => e.event === 'ready') ? true : undefined);

/**
 * Issue 13, finding 9: a live inbox stream holds a socket and a subscription on the API; one
 * token must not open them without bound, and none may outlive the token it was opened with.
 * The users here open no stream in any other e2e file, so the counts are theirs alone.
 */
describe('attack: holding live streams without bound or beyond the token', () => {
  it(`a user opens at most ${MAX_STREAMS} streams; the next is refused with 429 problem+json until one closes`, async () => {
    const token = await tokenFor(stack.issuer, 'leitstelle');
    const streams = Array.from({ length: MAX_STREAMS }, () => openStream(stack.apiUrl, token));
    try {
      for (const s of streams) await eventually(async () => opened(s), { what: 'a stream to open' });
      const refused = await fetch(`${stack.apiUrl}/tasks/stream`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      });
      const problem = await expectProblem(refused, 429);
      expect(problem).toMatchObject({ title: 'Too many open streams', maxStreams: MAX_STREAMS });
      // Nothing changed for the streams already open: still live, and still the user's.
      expect(streams.every((s) => s.status() === 200)).toBe(true);
      // Another user is not affected by this one's streams.
      const other = openStream(stack.apiUrl, await tokenFor(stack.issuer, 'klinik-nord'));
      await eventually(async () => opened(other), { what: "another user's stream" });
      await other.close();

      await streams.pop()!.close();
      const again = await eventually(
        async () => {
          const s = openStream(stack.apiUrl, token);
          await eventually(async () => (s.status() ? true : undefined), { what: 'an answer' });
          if (s.status() === 200) return s;
          await s.close();
          return undefined;
        },
        { what: 'a slot freed by the closed stream' },
      );
      streams.push(again);
      await eventually(async () => opened(again), { what: 'the new stream to open' });
    } finally {
      await Promise.all(streams.map((s) => s.close()));
    }
  });

  it('a stream ends with a token-expired event when its token expires, and the token opens no new one', async () => {
    // Expired 26 s ago: still inside the API's 30 s clock skew, so the stream opens and must end in about 4 s.
    const token = await mintToken({ username: 'bereitschaft', expiresIn: -26 });
    const stream = openStream(stack.apiUrl, token);
    try {
      await eventually(async () => opened(stream), { what: 'the stream to open' });
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        stream.ended,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('the stream outlived its token')), 15_000);
        }),
      ]).finally(() => clearTimeout(timer));
      // Other e2e files raise crises meanwhile, so inbox-changed events may come between; what
      // counts is that the stream opened, ended with token-expired, and sent nothing after it.
      const names = stream.events.map((e) => e.event).filter((e) => e !== 'heartbeat' && e !== 'inbox-changed');
      expect(names).toEqual(['ready', 'token-expired']);
      expect(stream.events.at(-1)?.event).toBe('token-expired');
      const reopened = await fetch(`${stack.apiUrl}/tasks/stream`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      });
      await expectProblem(reopened, 401);
    } finally {
      await stream.close();
    }
  });
});
