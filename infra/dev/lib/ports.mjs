// @ts-check
/**
 * Ports of a checkout's stack, chosen before anything starts.
 *
 * The ports come in numbered sets ("slots"): slot 0 is the default set (Postgres 54329, API 3000,
 * …), slot n is every default port + 100·n. A checkout takes the first slot whose ports are all
 * free and that no other checkout holds, preferring the one it had last time, and keeps it while
 * its servers run; every service, the apps and the tests get their URLs from that one choice.
 * Setting `HILFENETZ_PORT_SLOT` or any single port variable pins the ports instead: when one of them
 * is taken the command stops at once, naming who holds it, before anything is started.
 *
 * Which checkout holds which slot is noted in a registry every user can write
 * (`$TMPDIR/hilfenetz-ports/slot-<n>.json`); a note counts while the command that wrote it runs or
 * any of its ports answers. Ports held by programs without a note are named from /proc when the
 * user may see them.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkoutOfStateDir } from './locations.mjs';
import { portOpen, sleep } from './util.mjs';

/** @typedef {'postgres'|'temporal'|'temporalUi'|'kafka'|'kafkaController'|'smtp'|'mailpit'|'keycloak'|'api'|'smsGateway'|'web'} PortName */

/** @type {Record<PortName, number>} */
export const DEFAULT_PORTS = {
  postgres: 54329,
  temporal: 7233,
  temporalUi: 8233,
  kafka: 19092,
  kafkaController: 19093,
  smtp: 11025,
  mailpit: 18025,
  keycloak: 18080,
  api: 3000,
  smsGateway: 3002,
  web: 5173,
};

/** The variable that pins each port. @type {Record<PortName, string>} */
export const PORT_VARS = {
  postgres: 'HILFENETZ_PG_PORT',
  temporal: 'HILFENETZ_TEMPORAL_PORT',
  temporalUi: 'HILFENETZ_TEMPORAL_UI_PORT',
  kafka: 'HILFENETZ_KAFKA_PORT',
  kafkaController: 'HILFENETZ_KAFKA_CONTROLLER_PORT',
  smtp: 'HILFENETZ_SMTP_PORT',
  mailpit: 'HILFENETZ_MAILPIT_PORT',
  keycloak: 'HILFENETZ_KEYCLOAK_PORT',
  api: 'API_PORT',
  smsGateway: 'SMS_GATEWAY_PORT',
  web: 'WEB_PORT',
};

/** Which running server owns a port (the apps' ports belong to `npm start`). @type {Record<PortName, string>} */
const OWNER = {
  postgres: 'postgres',
  temporal: 'temporal',
  temporalUi: 'temporal',
  kafka: 'kafka',
  kafkaController: 'kafka',
  smtp: 'mailpit',
  mailpit: 'mailpit',
  keycloak: 'keycloak',
  api: 'start',
  smsGateway: 'start',
  web: 'start',
};

const LABEL = {
  postgres: 'Postgres',
  temporal: 'Temporal',
  temporalUi: 'Temporal UI',
  kafka: 'Kafka',
  kafkaController: 'Kafka controller',
  smtp: 'Mailpit SMTP',
  mailpit: 'Mailpit UI',
  keycloak: 'Keycloak',
  api: 'API',
  smsGateway: 'SMS gateway',
  web: 'web',
};

export const SLOT_STEP = 100;
const MAX_SLOT = 40;
const APP_PORTS = /** @type {PortName[]} */ (['api', 'smsGateway', 'web']);

export const REGISTRY = process.env.HILFENETZ_PORT_REGISTRY ?? path.join(os.tmpdir(), 'hilfenetz-ports');

/** The ports of slot `n`, with the pinned ones from the environment. */
export function portsOfSlot(n) {
  const ports = /** @type {Record<PortName, number>} */ ({});
  for (const [k, v] of Object.entries(DEFAULT_PORTS)) {
    const pinned = process.env[PORT_VARS[/** @type {PortName} */ (k)]];
    ports[/** @type {PortName} */ (k)] = pinned ? Number(pinned) : v + SLOT_STEP * n;
  }
  return ports;
}

/** The slot the environment pins (HILFENETZ_PORT_SLOT, or 0 when single ports are set), or null. */
function pinnedSlot() {
  const slot = process.env.HILFENETZ_PORT_SLOT;
  if (slot !== undefined && slot !== '') {
    const n = Number(slot);
    if (!Number.isInteger(n) || n < 0 || n > MAX_SLOT) throw new Error(`HILFENETZ_PORT_SLOT must be 0…${MAX_SLOT}`);
    return n;
  }
  return Object.values(PORT_VARS).some((v) => process.env[v]) ? 0 : null;
}

/** The ports this checkout uses at all: none for a server replaced by an external one. */
export function relevantPorts() {
  const e = process.env;
  /** @type {PortName[]} */
  const out = [];
  if (!e.DATABASE_URL) out.push('postgres');
  if (!e.TEMPORAL_ADDRESS) out.push('temporal', 'temporalUi');
  if (!e.KAFKA_BROKERS) out.push('kafka', 'kafkaController');
  if (!e.SMTP_URL) out.push('smtp', 'mailpit');
  if (!e.OIDC_ISSUER) out.push('keycloak');
  out.push('api');
  if (!e.SMS_GATEWAY_URL) out.push('smsGateway');
  out.push('web');
  return out;
}

function pidAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // Another user's process: alive, only not ours to signal.
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const claimFile = (slot) => path.join(REGISTRY, `slot-${slot}.json`);

function ensureRegistry() {
  if (!fs.existsSync(REGISTRY)) {
    fs.mkdirSync(REGISTRY, { recursive: true });
    // Every user's checkouts note their slots here; the sticky bit keeps the folder itself safe.
    try {
      fs.chmodSync(REGISTRY, 0o1777);
    } catch {
      /* made by someone else a moment ago */
    }
  }
}

/** A claim counts while the command that wrote it runs or any of its ports answers. */
async function claimLive(claim) {
  if (!claim || !claim.root) return false;
  if (pidAlive(claim.pid)) return true;
  const ports = Object.values(claim.ports ?? {}).map(Number);
  const open = await Promise.all(ports.map((p) => portOpen(p)));
  return open.some(Boolean);
}

/** Every live claim of another checkout, for naming who holds a port. */
async function otherClaims(root) {
  if (!fs.existsSync(REGISTRY)) return [];
  const out = [];
  for (const f of fs.readdirSync(REGISTRY)) {
    if (!/^slot-\d+\.json$/.test(f)) continue;
    const c = readJson(path.join(REGISTRY, f));
    if (c && c.root !== root && (await claimLive(c))) out.push(c);
  }
  return out;
}

/** pid of the process listening on a TCP port, from /proc (null when not visible to this user). */
function listenerPid(port) {
  const inodes = new Set();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // 0A: LISTEN
      const localPort = parseInt(cols[1].split(':').pop() ?? '', 16);
      if (localPort === port) inodes.add(cols[9]);
    }
  }
  if (!inodes.size) return null;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(pid);
      } catch {
        /* gone */
      }
    }
  }
  return null;
}

/** The checkout a process of some stack belongs to, from its arguments or working folder. */
function checkoutOfProcess(pid) {
  /** @type {string[]} */
  let argv = [];
  let cwd = '';
  try {
    argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    /* gone */
  }
  try {
    cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    /* not ours to read */
  }
  const cmdline = argv.join(' ');
  for (const s of [...argv, cwd]) {
    // Root's per-checkout Postgres folder names its checkout; otherwise the data lives in <checkout>/var.
    const state = /^(\/.*\/[0-9a-f]{12})\/postgres(\/|$)/.exec(s);
    const fromState = state ? checkoutOfStateDir(state[1]) : null;
    if (fromState) return { checkout: fromState, cmdline };
    const m = /^(\/.*?)\/var\/(postgres|temporal|kafka|mailpit|keycloak)(\/|$)/.exec(s);
    if (m) return { checkout: m[1], cmdline };
  }
  // An app of `npm start` (node -r @swc-node/register apps/<x>/src/main.ts, or Vite) runs in its checkout.
  if (/apps\/[\w-]+\/src\/main\.ts|vite/.test(cmdline) && cwd) {
    return { checkout: cwd.replace(/\/apps\/web$/, ''), cmdline };
  }
  return { checkout: null, cmdline };
}

/** Who holds a port, in words. */
async function holderOf(port, claims) {
  const claim = claims.find((c) =>
    Object.values(c.ports ?? {})
      .map(Number)
      .includes(port),
  );
  if (claim) return `the hilfenetz checkout ${claim.root} (user ${claim.user}, "${claim.cmd}", pid ${claim.pid})`;
  const pid = listenerPid(port);
  if (!pid) return 'another program (not visible to this user)';
  const { checkout, cmdline } = checkoutOfProcess(pid);
  if (checkout) return `the hilfenetz checkout ${checkout} (pid ${pid})`;
  return `pid ${pid}: ${cmdline.slice(0, 120) || 'unknown'}`;
}

/**
 * Chooses this checkout's ports before anything starts, notes the choice, and returns it. Fails,
 * naming who holds what, when the ports it must use are taken.
 * @param {{ ROOT: string, RUN_DIR: string }} ctx
 * @param {{ command: string, running: Record<string, boolean>, fail: (msg: string) => never, log: (msg: string) => void }} o
 *   `running`: which of this checkout's servers run now (postgres, temporal, kafka, mailpit, keycloak).
 * @returns {Promise<{ slot: number, ports: Record<PortName, number> }>}
 */
export async function choosePorts(ctx, o) {
  const ownFile = path.join(ctx.RUN_DIR, 'ports.json');
  const own = readJson(ownFile);
  const relevant = relevantPorts();
  const needed = o.command === 'start' ? relevant : relevant.filter((k) => !APP_PORTS.includes(k));
  const pinned = pinnedSlot();
  const anyRunning = Object.values(o.running).some(Boolean);
  // This checkout's own `npm start`, still running, holds the apps' ports.
  const ownStart = own && own.cmd === 'start' && own.pid !== process.pid && pidAlive(own.pid) ? own.pid : null;
  // A port is this checkout's own when its server runs and was started on it (a stack started
  // before ports were recorded ran on the default set).
  const ownPorts = own?.ports ?? portsOfSlot(0);
  const ownsPort = (/** @type {PortName} */ k, /** @type {number} */ port) =>
    OWNER[k] !== 'start' && Boolean(o.running[OWNER[k]]) && Number(ownPorts[k]) === port;
  if (anyRunning && pinned !== null) {
    const want = portsOfSlot(pinned);
    const moved = needed.filter((k) => o.running[OWNER[k]] && Number(ownPorts[k]) !== want[k]);
    if (moved.length) {
      o.fail(
        `this checkout's servers run on other ports (${moved.map((k) => `${LABEL[k]} ${ownPorts[k]}`).join(', ')}) than the pinned ones; ` +
          'stop them first (npm run stack:down) to move them. Nothing was started.',
      );
    }
  }

  /** @type {number[]} */
  let candidates;
  let mustUse = true;
  if (pinned !== null) candidates = [pinned];
  else if (anyRunning) candidates = [Number.isInteger(own?.slot) ? own.slot : 0];
  else {
    mustUse = false;
    const preferred = Number.isInteger(own?.slot) ? [own.slot] : [];
    candidates = [...new Set([...preferred, ...Array.from({ length: MAX_SLOT + 1 }, (_, i) => i)])];
  }

  ensureRegistry();
  const skipped = [];
  for (const slot of candidates) {
    const ports = portsOfSlot(slot);
    const claim = readJson(claimFile(slot));
    const foreign = claim && claim.root && claim.root !== ctx.ROOT && (await claimLive(claim));
    const check = mustUse ? needed : relevant;
    const open = await Promise.all(check.map((k) => portOpen(ports[k])));
    const taken = check.filter((k, i) => open[i] && !ownsPort(k, ports[k]));
    if (!taken.length && !foreign) {
      // Take it: note the claim, then make sure nobody noted theirs over it at the same moment.
      const nonce = randomBytes(8).toString('hex');
      const user = os.userInfo().username;
      const note = {
        root: ctx.ROOT,
        user,
        slot,
        ports,
        pid: process.pid,
        cmd: o.command,
        nonce,
        at: new Date().toISOString(),
      };
      try {
        fs.writeFileSync(claimFile(slot), JSON.stringify(note, null, 2));
        try {
          fs.chmodSync(claimFile(slot), 0o666);
        } catch {
          /* someone else's file, writable to all */
        }
      } catch (err) {
        if (mustUse) o.fail(`cannot note the ports in ${claimFile(slot)}: ${err}`);
        skipped.push({ slot, why: `its note in ${REGISTRY} is not writable` });
        continue;
      }
      await sleep(150);
      if (readJson(claimFile(slot))?.nonce !== nonce) {
        if (mustUse) o.fail(`another checkout took ports slot ${slot} at the same moment; try again`);
        continue;
      }
      fs.mkdirSync(ctx.RUN_DIR, { recursive: true });
      fs.writeFileSync(ownFile, JSON.stringify(note, null, 2));
      if (skipped.length && slot !== 0) {
        o.log(`${skipped[0].why}: this checkout uses port set ${slot} (every default port + ${slot * SLOT_STEP})`);
      }
      return { slot, ports };
    }
    const claims = foreign ? [claim, ...(await otherClaims(ctx.ROOT))] : await otherClaims(ctx.ROOT);
    if (mustUse) {
      const lines = [];
      for (const k of taken) {
        const holder =
          OWNER[k] === 'start' && ownStart
            ? `npm start of this same checkout (pid ${ownStart})`
            : await holderOf(ports[k], claims);
        lines.push(`  ${LABEL[k].padEnd(16)} ${String(ports[k]).padEnd(6)} held by ${holder}`);
      }
      if (!lines.length && foreign) lines.push(`  port set ${slot} is held by the hilfenetz checkout ${claim.root}`);
      const why =
        pinned !== null
          ? `these ports are pinned (${process.env.HILFENETZ_PORT_SLOT ? `HILFENETZ_PORT_SLOT=${pinned}` : 'port variables'}); unset them to let the stack choose free ones`
          : "this checkout's servers already run on them (npm run stack:down stops them)";
      o.fail(`ports taken; nothing was started.\n${lines.join('\n')}\n${why}.`);
    }
    const first = taken[0];
    const who = foreign ? `the hilfenetz checkout ${claim.root}` : await holderOf(ports[first], claims);
    skipped.push({
      slot,
      why: `port set ${slot} (${LABEL[first] ?? 'API'} ${ports[first ?? 'api']}) is held by ${who}`,
    });
  }
  return o.fail(`no free port set among 0…${MAX_SLOT}:\n${skipped.map((s) => `  ${s.why}`).join('\n')}`);
}

/** Forgets this checkout's claims (stack:down, stack:reset). */
export function releasePorts(ctx) {
  if (!fs.existsSync(REGISTRY)) return;
  for (const f of fs.readdirSync(REGISTRY)) {
    if (!/^slot-\d+\.json$/.test(f)) continue;
    if (readJson(path.join(REGISTRY, f))?.root !== ctx.ROOT) continue;
    try {
      fs.rmSync(path.join(REGISTRY, f), { force: true });
    } catch {
      /* another user's registry file: it goes stale by itself */
    }
  }
}

/** This checkout's last chosen ports, or null. */
export function recordedPorts(ctx) {
  const own = readJson(path.join(ctx.RUN_DIR, 'ports.json'));
  return own && own.ports ? /** @type {{ slot: number, ports: Record<PortName, number> }} */ (own) : null;
}
