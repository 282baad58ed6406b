/** The RFC 7644 section 3.12 scimType values a PATCH or a resource body can fail with (all HTTP 400). */
export type ScimPatchErrorType = 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue' | 'mutability';

export class ScimPatchError extends Error {
  readonly status = 400;

  constructor(
    readonly scimType: ScimPatchErrorType,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ScimPatchError';
  }
}
