import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CommandContext } from '../../es/command-context';

/** The header a caller of the admin API (the portal) names the person acting with. */
export const ADMIN_ACTOR_HEADER = 'x-admin-actor';
// An email or a login: what an audit needs to name a person, nothing that could forge a log line.
const PERSON = /^[A-Za-z0-9._@+-]{1,128}$/;

/**
 * The admin request as command metadata: correlation id = request id; actor `admin`, or
 * `admin:<person>` when the caller says who acts (X-Admin-Actor: the admin API key is shared by
 * the portal, so only the portal knows which of its administrators asked).
 */
export function adminActor(header: string | string[] | undefined): string {
  if (header === undefined) return 'admin';
  const person = Array.isArray(header) ? header[0] : header;
  if (!PERSON.test(person))
    throw new BadRequestException(
      `${ADMIN_ACTOR_HEADER} must be 1 to 128 of A-Z a-z 0-9 . _ @ + - (an email or a login)`,
    );
  return `admin:${person}`;
}

export const AdminCommandContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommandContext => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return { correlationId: String(request.id), actor: adminActor(request.headers[ADMIN_ACTOR_HEADER]) };
  },
  // Every route that records a command documents the header (OpenAPI), from this one place.
  [
    (target: object, key: string | symbol | undefined) => {
      if (key === undefined) return;
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (!descriptor) return;
      ApiHeader({
        name: 'X-Admin-Actor',
        required: false,
        description:
          'The person acting (an email or a login, 1 to 128 of A-Z a-z 0-9 . _ @ + -): recorded as ' +
          'the actor `admin:<person>` of the events this request writes (else `admin`); 400 otherwise.',
      })(target, key, descriptor);
    },
  ],
);
