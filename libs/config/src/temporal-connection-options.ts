import { readFileSync } from 'node:fs';
import { ConfigError } from './load-config';
import type { TemporalTlsVariables } from './temporal-tls.schema';

/**
 * The TLS part of a Temporal connection, in the shape both `Connection.connect` (@temporalio/client)
 * and `NativeConnection.connect` (@temporalio/worker) take. Declared here rather than imported so
 * that the config library depends on no Temporal package.
 */
export interface TemporalTlsOptions {
  serverRootCACertificate: Buffer;
  clientCertPair: { crt: Buffer; key: Buffer };
  serverNameOverride?: string;
}

export interface TemporalConnectionOptions {
  address: string;
  tls?: TemporalTlsOptions;
}

export type TemporalConnectionConfig = { TEMPORAL_ADDRESS: string } & TemporalTlsVariables;

/**
 * Where and how the apps connect to Temporal: the address, and with TEMPORAL_TLS_* the CA, the
 * client certificate and its key, read from their files now (at connect time, so a certificate
 * renewed in place is used from the next start on). Without them: no `tls` at all, a plain
 * connection as to the dev server. The schema already refused a partial set; an unreadable file
 * throws a ConfigError naming the variable, like every other configuration problem at boot.
 */
export function temporalConnectionOptions(config: TemporalConnectionConfig): TemporalConnectionOptions {
  const { TEMPORAL_TLS_CA_FILE: ca, TEMPORAL_TLS_CERT_FILE: cert, TEMPORAL_TLS_KEY_FILE: key } = config;
  if (!ca || !cert || !key) return { address: config.TEMPORAL_ADDRESS };
  const problems: string[] = [];
  const read = (name: string, file: string): Buffer => {
    try {
      const content = readFileSync(file);
      // An empty or non-PEM file would only show as a handshake failure on the first call.
      if (!content.toString('utf8').includes('-----BEGIN ')) problems.push(`${name}: ${file} holds no PEM block`);
      return content;
    } catch (err) {
      problems.push(`${name}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      return Buffer.alloc(0);
    }
  };
  const tls: TemporalTlsOptions = {
    serverRootCACertificate: read('TEMPORAL_TLS_CA_FILE', ca),
    clientCertPair: { crt: read('TEMPORAL_TLS_CERT_FILE', cert), key: read('TEMPORAL_TLS_KEY_FILE', key) },
    ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
  if (problems.length) throw new ConfigError(problems);
  return { address: config.TEMPORAL_ADDRESS, tls };
}
