import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ScimError } from '../../../src/modules/provisioning/domain/error/scim-error';
import { replyError } from '../../../src/modules/provisioning/api/scim-exception.filter';

/** Which SCIM error answers are logged as failures of the service. */
describe('replyError: what is logged as "request failed"', () => {
  const logged = (exception: unknown): number => {
    let errors = 0;
    const logger = { error: () => (errors += 1) } as unknown as Logger;
    const reply = { header: () => reply, status: () => reply, send: () => reply } as unknown as FastifyReply;
    replyError(logger, { url: '/scim/v2/Me' } as FastifyRequest, reply, exception);
    return errors;
  };

  it('an unexpected failure (500) is logged', () => {
    expect(logged(new Error('boom'))).toBe(1);
  });

  it('the 501 of an endpoint not implemented (/Me, /Bulk), a 503 with Retry-After and 4xx are not', () => {
    expect(logged(new ScimError(501, '/Me is not supported'))).toBe(0);
    expect(logged(new ScimError(503, 'replaying', undefined, 30))).toBe(0);
    expect(logged(new ScimError(405, 'wrong method'))).toBe(0);
  });
});
