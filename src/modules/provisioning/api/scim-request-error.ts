import type { FastifyRequest } from 'fastify';

export interface ScimErrorSummary {
  status: number;
  scimType?: string;
  detail: string;
}

// Keyed by the request object: nothing is added to Fastify's request, and it goes with it.
const errors = new WeakMap<FastifyRequest, ScimErrorSummary>();

/** Called by the exception filter, so the provisioning log can say why a request failed. */
export function rememberScimError(request: FastifyRequest, error: ScimErrorSummary): void {
  errors.set(request, error);
}

export function scimErrorOf(request: FastifyRequest): ScimErrorSummary | undefined {
  return errors.get(request);
}
