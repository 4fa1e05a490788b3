import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { printEventLogVerification } from '../verify-event-log.report';
import { BackupRefused, backupDatabase, redactedUrl, restoreDatabase } from './postgres-backup';

/**
 * `npm run db:backup [file]` and `npm run db:restore <file> <into-url>` (infra/deploy/README.md,
 * "Backup and restore"). Both run inside `hilfenetz-dev.mjs exec`, which hands over the stack's
 * DATABASE_MIGRATION_URL and EVENT_CHECKPOINT_PUBLIC_KEY; an operator sets them the same way.
 * Exit codes: 0 done and intact, 1 refused or not intact (the reason printed), 2 a crash.
 */

async function backup(file: string | undefined): Promise<number> {
  const url = process.env.DATABASE_MIGRATION_URL || process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_MIGRATION_URL (or DATABASE_URL) is not set');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const folder = process.env.HILFENETZ_BACKUP_DIR ?? path.join(process.cwd(), 'var', 'backups');
  const out = path.resolve(file ?? path.join(folder, `hilfenetz-${stamp}.dump`));
  mkdirSync(path.dirname(out), { recursive: true, mode: 0o700 });
  const m = await backupDatabase({ url, file: out });
  console.log(`backup of ${m.database} (${redactedUrl(url)}) written to ${out}`);
  console.log(
    `  ${m.events} events in ${m.streams} streams up to global position ${m.globalPosition}; ` +
      (m.checkpoint ? `latest signed checkpoint ${m.checkpoint.seq}` : 'no signed checkpoint yet') +
      `; ${(m.bytes / 1024).toFixed(0)} KiB, sha256 ${m.sha256}`,
  );
  console.log(`  manifest: ${out}.json`);
  return 0;
}

async function restore(file: string | undefined, into: string | undefined): Promise<number> {
  if (!file || !into) {
    console.error('usage: npm run db:restore -- <dump file> <postgres URL of an empty database>');
    return 1;
  }
  const r = await restoreDatabase({
    file: path.resolve(file),
    into,
    trustedPublicKeys: process.env.EVENT_CHECKPOINT_PUBLIC_KEY ?? '',
  });
  printEventLogVerification(r.verification, { wholeLog: true }, (l) => console.log(l));
  for (const m of r.mismatches) console.log(`MISMATCH ${m}`);
  console.log(
    r.ok
      ? `restored into ${redactedUrl(into)}: ${r.restored.events} events, intact and as backed up. ` +
          'Next: point DATABASE_URL at it and run `npm run projections:rebuild` if the read models should be rebuilt.'
      : `restored into ${redactedUrl(into)}, but NOT intact (above); the database is left as restored for inspection.`,
  );
  return r.ok ? 0 : 1;
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  try {
    if (command === 'backup') return await backup(args[0]);
    if (command === 'restore') return await restore(args[0], args[1]);
    console.error('usage: backup.cli.ts backup [file] | restore <file> <into-url>');
    return 1;
  } catch (err) {
    if (err instanceof BackupRefused) {
      console.error(`refused: ${err.message}`);
      return 1;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|28P01|3D000)$/.test(code)) {
      // Unreachable server, wrong password, no such database: the operator's to fix, not a crash.
      console.error(`refused: cannot connect (${code}): ${(err as Error).message}`);
      return 1;
    }
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
