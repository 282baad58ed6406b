import { applyDecorators, Controller, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse } from '@nestjs/swagger';
import { InitialReplayGuard } from '../../read-model/initial-replay';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminExceptionFilter } from './admin-exception.filter';
import { adminValidationPipe } from './admin-validation.pipe';

export interface AdminControllerOptions {
  /**
   * Its routes do not read the read model (the log's export, the projections' own status and
   * rebuild), so they answer while it replays from 0 at start; the others answer 503 then.
   */
  answersDuringInitialReplay?: boolean;
}

/** An admin API controller under /admin/v1: admin key, JSON errors, validated bodies. */
export function AdminController(path: string, options: AdminControllerOptions = {}): ClassDecorator {
  return applyDecorators(
    Controller(`admin/v1/${path}`),
    ApiBearerAuth('bearer'),
    // The key first: a caller without it learns nothing, not even that the service is starting.
    options.answersDuringInitialReplay
      ? UseGuards(AdminAuthGuard)
      : UseGuards(AdminAuthGuard, InitialReplayGuard),
    UseFilters(AdminExceptionFilter),
    UsePipes(adminValidationPipe),
  );
}

/**
 * OpenAPI only: what one error status means on this route. It replaces the generic description
 * that setupOpenApi adds to every admin operation, with the same AdminError body.
 */
export function ApiAdminError(
  status: 400 | 404 | 409 | 412,
  description: string,
): MethodDecorator & ClassDecorator {
  return ApiResponse({ status, description, schema: { $ref: '#/components/schemas/AdminError' } });
}

/** OpenAPI only: the `{name}` path parameter of the routes under /admin/v1/subscriptions/{name}. */
export function ApiSubscriptionName(): MethodDecorator & ClassDecorator {
  return ApiParam({
    name: 'name',
    description: 'The subscription name (case-insensitive).',
    example: 'contoso',
  });
}
