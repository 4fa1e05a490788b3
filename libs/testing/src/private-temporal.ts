import { Connection } from '@temporalio/client';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './app-processes';

/**
 * A Temporal dev server of the caller's own, started exactly as `npm start` starts the stack's
 * (infra/dev/lib/temporal.mjs `devServerArgs`: SQLite in a file with WAL, our search attributes),
 * on a fresh data file, removed again at the end. For runs whose figures must not depend on what
 * earlier runs left in the stack's server, and which should not leave their own there: every
 * bench:api run leaves about 1,300 open crises behind, and the stack's server of this machine had
 * grown to a 2.1 GB file holding 45,786 workflows.
 */
export class PrivateTemporal {
  private constructor(
    private readonly child: ChildProcess,
    readonly address: string,
    readonly dir: string,
  ) {}

  static async create(root: string, timeoutMs = 90_000): Promise<PrivateTemporal> {
    const dir = mkdtempSync(path.join(tmpdir(), 'hilfenetz-temporal-'));
    const port = await freePort();
    const uiPort = await freePort();
    const command = JSON.parse(
      execFileSync(
        process.execPath,
        [path.join(root, 'infra/dev/lib/temporal.mjs'), 'dev-server', dir, String(port), String(uiPort)],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      )
        .trim()
        .split('\n')
        .pop() ?? '[]',
    ) as string[];
    const [exe, ...args] = command;
    if (!exe) throw new Error('infra/dev/lib/temporal.mjs printed no command line');
    const logFd = openSync(path.join(dir, 'temporal.log'), 'a');
    const child = spawn(exe, args, { cwd: dir, stdio: ['ignore', logFd, logFd] });
    closeSync(logFd); // the child holds its own copy
    const server = new PrivateTemporal(child, `127.0.0.1:${port}`, dir);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the Temporal dev server exited (${child.exitCode}); see ${dir}`);
      try {
        const connection = await Connection.connect({ address: server.address, connectTimeout: 2_000 });
        try {
          // The namespace is registered a moment after the frontend answers: wait for it too.
          await connection.workflowService.describeNamespace({ namespace: 'default' });
          return server;
        } finally {
          await connection.close();
        }
      } catch (err) {
        if (Date.now() > deadline) {
          await server.stop();
          throw new Error(`the Temporal dev server did not come up within ${timeoutMs} ms: ${String(err)}`);
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Stops the server and removes its data file. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const gone = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
