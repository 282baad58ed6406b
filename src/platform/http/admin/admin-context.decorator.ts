import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CommandContext } from '../../es/command-context';

/** The admin request as command metadata: actor `admin`, correlation id = request id. */
export const AdminCommandContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommandContext => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return { correlationId: String(request.id), actor: 'admin' };
  },
);
