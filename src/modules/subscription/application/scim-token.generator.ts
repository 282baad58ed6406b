import { randomBytes } from 'node:crypto';
import { SCIM_TOKEN_ID_BYTES, SCIM_TOKEN_SECRET_BYTES, ScimTokenParts } from '../domain/scim-token';

/** A fresh token: a random id to look it up by, and a 256-bit secret to prove possession. */
export function generateScimToken(): ScimTokenParts {
  return {
    tokenId: randomBytes(SCIM_TOKEN_ID_BYTES).toString('hex'),
    secret: randomBytes(SCIM_TOKEN_SECRET_BYTES).toString('base64url'),
  };
}
