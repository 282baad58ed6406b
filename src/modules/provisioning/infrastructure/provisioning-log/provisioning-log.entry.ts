/** One SCIM request as support needs it: what was asked, by whom, and how it ended. Never a body or a token. */
export interface ProvisioningLogEntry {
  /** When the request arrived (epoch ms). */
  at: number;
  /** From the token; for a refused one, the subscription its id names (else the request is not recorded). */
  subscription: string | null;
  tokenId: string | null;
  method: string;
  /** Without the query string. */
  path: string;
  /** The filter of a list or search request, truncated: what the client searched for. */
  filter: string | null;
  resourceType: string | null;
  resourceId: string | null;
  /**
   * The userName (Users) or displayName (Groups) a POST or PUT named: who a refused create was
   * about, since it has no resource id. The only value of a body that is kept.
   */
  subject: string | null;
  /** The subject as names are compared (caselessKey: any case, any normalization form). */
  subjectKey: string | null;
  status: number;
  scimType: string | null;
  /** The SCIM error detail: e.g. why a user is not synchronized. */
  detail: string | null;
  durationMs: number;
  correlationId: string;
}

export interface ProvisioningLogRecord extends ProvisioningLogEntry {
  id: number;
}
