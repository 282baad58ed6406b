import { CommandContext } from '../../../platform/es/command-context';

/** An authenticated SCIM call, as the services see it: no HTTP request in it. */
export interface ScimCall {
  subscription: string;
  tokenId: string;
  /** https://host/scim/v2, for meta.location and $ref. */
  baseUrl: string;
  context: CommandContext;
}
