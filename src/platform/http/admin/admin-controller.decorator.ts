import { applyDecorators, Controller, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminExceptionFilter } from './admin-exception.filter';
import { adminValidationPipe } from './admin-validation.pipe';

/** An admin API controller under /admin/v1: admin key, JSON errors, validated bodies. */
export function AdminController(path: string) {
  return applyDecorators(
    Controller(`admin/v1/${path}`),
    UseGuards(AdminAuthGuard),
    UseFilters(AdminExceptionFilter),
    UsePipes(adminValidationPipe),
  );
}
