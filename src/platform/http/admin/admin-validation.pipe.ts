import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

function messages(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).map((text) => (prefix ? `${prefix}${text}` : text)),
    ...messages(error.children ?? [], `${prefix}${error.property}.`),
  ]);
}

/** class-validator for admin bodies; unknown properties are refused, messages joined in one string. */
export const adminValidationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => new BadRequestException(messages(errors).join('; ')),
});
