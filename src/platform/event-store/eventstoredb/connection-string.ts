/** Connection-string handling the client (@eventstore/db-client 6) does not do itself. */

// KurrentDB's schemes name the same protocol; this client only parses esdb:// and esdb+discover://.
const KURRENT_SCHEME = /^(kurrentdb|kdb)(\+discover)?:\/\//i;

export function toEsdbScheme(connectionString: string): string {
  return connectionString
    .trim()
    .replace(KURRENT_SCHEME, (_match, _scheme, discover?: string) => `esdb${discover ?? ''}://`);
}

/** For error messages and logs: `esdb://admin:secret@host` -> `esdb://host`. */
export function withoutCredentials(connectionString: string): string {
  return connectionString.trim().replace(/^([a-z+]+:\/\/)[^@/?]*@/i, '$1');
}
