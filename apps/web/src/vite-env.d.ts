/** Values vite.config.ts puts into the bundle at build time (see its `define`). */
interface ImportMetaEnv {
  /** Public URL of the OpenID Connect issuer the browser is sent to for login. */
  readonly HILFENETZ_OIDC_ISSUER: string;
}
