import { tokenFor } from '@hilfenetz/testing';

/** A refusal as a test reads it: status, title and the fields it names. */
export interface FieldProblem {
  status: number;
  title: string;
  detail?: string;
  errors?: { field: string; reason: string }[];
}

/**
 * Demo users calling the API under test with their real tokens: `login` them once (in
 * `beforeAll`), then `call(method, path, user, body)`; `problem` asserts a problem+json refusal of
 * `status` and returns it.
 */
export function usersApi(apiUrl: string, issuer: string) {
  const tokens: Record<string, string> = {};
  return {
    async login(...users: string[]): Promise<void> {
      for (const user of users) tokens[user] = await tokenFor(issuer, user);
    },
    call: (method: string, path: string, user: string, body?: unknown): Promise<Response> =>
      fetch(`${apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens[user]}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    async problem(res: Response, status: number): Promise<FieldProblem> {
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      return (await res.json()) as FieldProblem;
    },
  };
}
