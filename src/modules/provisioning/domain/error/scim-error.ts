/** RFC 7644 section 3.12 scimType values. */
export type ScimErrorType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

// Details quote what the client sent (an attribute name, a filter): a 500 KB name must not come
// back, or be logged, whole.
const MAX_DETAIL_LENGTH = 1000;

/** A failure the SCIM client caused or must know about, answered as an RFC 7644 error. */
export class ScimError extends Error {
  readonly detail: string;

  constructor(
    readonly status: number,
    detail: string,
    readonly scimType?: ScimErrorType,
    /** A temporary condition: sent as Retry-After, and not logged as a failure. */
    readonly retryAfterSeconds?: number,
    /** Headers the answer must carry (WWW-Authenticate of a 401, Allow of a 405). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    const shown =
      detail.length > MAX_DETAIL_LENGTH ? `${detail.slice(0, MAX_DETAIL_LENGTH)}... (cut)` : detail;
    super(shown);
    this.detail = shown;
    this.name = 'ScimError';
  }

  toBody(): { schemas: string[]; status: string; scimType?: ScimErrorType; detail: string } {
    return {
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}
