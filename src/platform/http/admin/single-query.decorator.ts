import { BadRequestException, ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * A query parameter given at most once, as text (undefined when absent). Read from the raw query:
 * `?ownerId=a&ownerId=b` arrives as an array, which the validation pipe turns into "a,b" for a
 * string parameter, a filter that then silently matches nothing. 400 instead.
 */
export const SingleQuery = createParamDecorator(
  (name: string, context: ExecutionContext): string | undefined => {
    const value = (context.switchToHttp().getRequest<FastifyRequest>().query as Record<string, unknown>)[
      name
    ];
    if (value === undefined || typeof value === 'string') return value;
    throw new BadRequestException(`${name} must be given at most once`);
  },
);
