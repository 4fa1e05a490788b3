/** The runtime role the apps connect as. Migrations run as the schema owner; see ADR 0003. */
export const APP_ROLE = 'hilfenetz_app';

/**
 * Raises unless `role` exists and is not the role running the migration. A grant to a missing role
 * used to be skipped, which left a database where the apps (connecting as the owner or as a role
 * made later with default rights) could rewrite history: every migration that grants calls this
 * first, so such a set-up stops with a message naming the role.
 */
export function requireGranteeSql(role: string = APP_ROLE): string {
  const lit = `'${role.replace(/'/g, "''")}'`;
  return `
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${lit}) THEN
        RAISE EXCEPTION 'role % does not exist: create it (CREATE ROLE % LOGIN) before migrating; the apps connect as it with only the rights the migrations grant', ${lit}, ${lit}
          USING ERRCODE = 'undefined_object';
      END IF;
      IF current_user = ${lit} THEN
        RAISE EXCEPTION 'migrations run as the apps'' role %: run them as the schema owner (DATABASE_MIGRATION_URL), or the apps own every table and no grant restricts them', ${lit}
          USING ERRCODE = 'insufficient_privilege';
      END IF;
    END $$`;
}
