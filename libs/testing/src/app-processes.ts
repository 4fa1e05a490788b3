import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export interface AppProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts one of our apps as its own process, exactly as `npm start` does, logging to
 * var/log/test-<name>.log. With HILFENETZ_CPU_PROFILE_DIR set, each app writes V8 CPU profiles
 * (one per thread) into `<dir>/<app>/` when it stops (bench/README.md, "Profiling"): Node refuses --cpu-prof in NODE_OPTIONS.
 */
export function startApp(root: string, name: string, env: NodeJS.ProcessEnv): AppProcess {
  const logDir = path.join(root, 'var', 'log');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `test-${name}.log`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const profileDir = process.env.HILFENETZ_CPU_PROFILE_DIR;
  // A folder per app and Node's own file names: one profile per thread, so the worker's workflow
  // thread (where the workflow code runs) is profiled beside its main thread.
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, name)}`] : [];
  const child = spawn(process.execPath, [...profile, '-r', '@swc-node/register', `apps/${name}/src/main.ts`], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return { name, child, logFile };
}

export async function stopApp(app: AppProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => app.child.once('exit', () => resolve()));
  app.child.kill(signal);
  const timer = setTimeout(() => app.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export async function waitForHttpOk(url: string, app: AppProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) throw new Error(`${app.name} exited early; see ${app.logFile}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${app.name} not ready at ${url} after ${timeoutMs} ms; see ${app.logFile}`);
}

/**
 * Waits until an app wrote a line containing `marker` to its stdout or stderr (e.g. the worker
 * started polling). Listens to the pipes, not the log file, which is written a moment later.
 */
export async function waitForOutput(app: AppProcess, marker: string, timeoutMs = 120_000): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${app.name}: no "${marker}" after ${timeoutMs} ms; see ${app.logFile}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer = (buffer + chunk.toString()).slice(-10_000);
      if (buffer.includes(marker)) {
        cleanup();
        resolve();
      }
    };
    const onExit = () => {
      cleanup();
      reject(new Error(`${app.name} exited before "${marker}"; see ${app.logFile}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      app.child.stdout?.off('data', onData);
      app.child.stderr?.off('data', onData);
      app.child.off('exit', onExit);
    };
    app.child.stdout?.on('data', onData);
    app.child.stderr?.on('data', onData);
    app.child.once('exit', onExit);
  });
}
