import { tokenFor } from '@hilfenetz/testing';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Schemathesis over the OpenAPI document the API serves (/openapi.json), as every role that has
 * routes and without a token for the public ones: a fixed seed and a bounded number of examples
 * per operation, so a run is repeatable and takes about the same time. Each role's run fails with
 * schemathesis's report, which names the check and prints the `curl` that reproduces the failure
 * (the token is masked: put a fresh one of the same user in, see README "Tests").
 */

const root = path.resolve(__dirname, '..', '..');
const apiUrl = () => process.env.FUZZ_API_URL ?? '';
const issuer = () => process.env.FUZZ_OIDC_ISSUER ?? '';

/**
 * A demo user of the realm (infra/dev/keycloak/hilfenetz-realm.json) for each role that has routes
 * of its own. Each operation is fuzzed once, as the first role here allowed to call it: the same
 * operation again as a second role would double the run (on two cores) without new inputs. The
 * caseworker comes first and so fuzzes the whole crisis journey in one run, where schemathesis
 * feeds the ids a response returned (a case registered, a crisis triggered) into the next requests;
 * the others take what the caseworker may not call. The on-call service (`bereitschaft`) is left
 * out: its routes are exactly the caseworker's. The first test shows no operation is missed.
 */
const USERS: [role: string, user: string][] = [
  ['caseworker', 'fachkraft'],
  ['data_protection_officer', 'datenschutz'],
  ['auditor', 'pruefung'],
  ['administrator', 'admin'],
  ['ambulance_dispatch', 'leitstelle'],
  ['provider_staff', 'traeger'],
  ['clinic_staff', 'klinik'],
  ['supervisor', 'leitung'],
  // The network's people (issue 17): the coordination first, the contact person for their own entry.
  ['network_coordinator', 'koordination'],
  ['partner_contact', 'kontakt-hebammen'],
];

const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
  'unsupported_method',
];

/** Fixed, so that a failure comes back the same in the next run; FUZZ_SEED / FUZZ_MAX_EXAMPLES to explore. */
const SEED = process.env.FUZZ_SEED ?? '20';
const MAX_EXAMPLES = process.env.FUZZ_MAX_EXAMPLES ?? '8';

/**
 * Operations the fuzzer cannot judge, each with the reason. GET /tasks/stream is an endless
 * text/event-stream (the inbox's live feed): schemathesis reads every response to its end, so each
 * case would only end at the request timeout. Its refusals are the ones of GET /tasks, which is fuzzed.
 */
const NOT_FUZZED: Record<string, string> = {
  InboxController_stream: 'endless text/event-stream',
};

interface Operation {
  operationId: string;
  public: boolean;
  roles: string[];
  /** The operations its answers link to (OpenAPI links): what the stateful phase chains. */
  linksTo: string[];
}

let command: string[] = [];
let operations: Operation[] = [];
let documented: string[] = [];

beforeAll(async () => {
  // Installs schemathesis into the cache on the first run (infra/dev/lib/schemathesis.mjs).
  const out = execFileSync(process.execPath, [path.join(root, 'infra/dev/lib/schemathesis.mjs')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  command = JSON.parse(out.trim().split('\n').pop() ?? '[]') as string[];
  const doc = (await (await fetch(`${apiUrl()}/openapi.json`)).json()) as {
    paths: Record<
      string,
      Record<
        string,
        {
          operationId: string;
          security?: unknown[];
          'x-allowed-roles'?: string[];
          responses?: Record<string, { links?: Record<string, { operationId: string }> }>;
        }
      >
    >;
  };
  documented = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
  operations = Object.values(doc.paths)
    .flatMap((item) =>
      Object.values(item).map((op) => ({
        operationId: op.operationId,
        public: Array.isArray(op.security) && op.security.length === 0,
        roles: op['x-allowed-roles'] ?? [],
        linksTo: Object.values(op.responses ?? {}).flatMap((r) =>
          Object.values(r.links ?? {}).map((l) => l.operationId),
        ),
      })),
    )
    .filter((op) => !(op.operationId in NOT_FUZZED));
}, 300_000);

/** Whether an answer of one of these operations links to another of them. */
function chainsLinks(operationIds: string[]): boolean {
  const ids = new Set(operationIds);
  return operations.some((o) => ids.has(o.operationId) && o.linksTo.some((target) => ids.has(target)));
}

/** Runs schemathesis over the given operations; resolves with its exit code and everything it printed. */
function schemathesis(operationIds: string[], headers: string[]): Promise<{ code: number | null; output: string }> {
  const [exe, ...prefix] = command;
  const args = [
    ...prefix,
    `--config-file=${path.join(__dirname, 'schemathesis.toml')}`,
    'run',
    `${apiUrl()}/openapi.json`,
    `--checks=${CHECKS.join(',')}`,
    `--seed=${SEED}`,
    `--max-examples=${MAX_EXAMPLES}`,
    // The stateful phase only where the run holds both ends of a link (schemathesis refuses to run
    // it otherwise): the caseworker's, who registers, triggers and acknowledges.
    `--phases=examples,coverage,fuzzing${chainsLinks(operationIds) ? ',stateful' : ''}`,
    // One worker: with threads, Python 3.11's ast module fails now and then inside hypothesis
    // ("AST constructor recursion depth mismatch"), and the API has two cores anyway.
    '--workers=1',
    '--request-timeout=30',
    '--no-color',
    ...operationIds.flatMap((id) => ['--include-operation-id', id]),
    ...headers.flatMap((h) => ['--header', h]),
  ];
  return new Promise((resolve, reject) => {
    // Its replay store (.schemathesis/, for `st replay <id>`) goes to var/, not into the checkout.
    const cwd = path.join(root, 'var', 'schemathesis');
    mkdirSync(cwd, { recursive: true });
    const child = spawn(exe!, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function expectClean(label: string, result: { code: number | null; output: string }): void {
  // The run's figures in the log either way: how many cases, how many failed.
  const figures = /Test cases:\s*\n\s*(.+)/.exec(result.output)?.[1] ?? 'no summary';
  console.log(`schemathesis as ${label}: ${figures}`);
  // FUZZ_VERBOSE=1 prints the whole report of a passing run too (phases, links covered).
  if (process.env.FUZZ_VERBOSE) console.log(result.output);
  if (result.code !== 0) {
    throw new Error(`schemathesis as ${label} (seed ${SEED}) found failures:\n\n${result.output}`);
  }
}

test('the public endpoints hold under fuzzing, without a token', async () => {
  const ids = operations.filter((o) => o.public).map((o) => o.operationId);
  expect(ids.length).toBeGreaterThan(0);
  expectClean('anonymous', await schemathesis(ids, []));
}, 600_000);

/** The operations fuzzed as `role`: those it may call that no role before it in USERS may. */
function operationsOf(role: string): string[] {
  const earlier = USERS.slice(
    0,
    USERS.findIndex(([r]) => r === role),
  ).map(([r]) => r);
  return operations
    .filter((o) => o.roles.includes(role) && !o.roles.some((r) => earlier.includes(r)))
    .map((o) => o.operationId);
}

test('every operation that needs a token is fuzzed as some role', () => {
  // The journey's links sit inside one role's run, so the stateful phase reaches deep states.
  expect(chainsLinks(operationsOf('caseworker'))).toBe(true);
  const covered = new Set(USERS.flatMap(([role]) => operationsOf(role)));
  expect(operations.filter((o) => !o.public && !covered.has(o.operationId)).map((o) => o.operationId)).toEqual([]);
  // An exclusion outlives its operation only by mistake.
  expect(documented).toEqual(expect.arrayContaining(Object.keys(NOT_FUZZED)));
});

test.each(USERS)(
  'the routes of %s hold under fuzzing (as %s)',
  async (role, user) => {
    const ids = operationsOf(role);
    // Each role listed has routes no role before it may call (USERS is ordered for that).
    expect(ids.length).toBeGreaterThan(0);
    const token = await tokenFor(issuer(), user);
    expectClean(`${user} (${role})`, await schemathesis(ids, [`Authorization: Bearer ${token}`]));
  },
  600_000,
);
