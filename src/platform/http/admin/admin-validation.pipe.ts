import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

// A value of the wrong type fails every range check too ("x" stays text): only its type is news.
const TYPE_CHECKS = new Set(['isInt', 'isString', 'isBoolean', 'isNumber', 'isArray', 'isObject']);

function constraintsOf(error: ValidationError): string[] {
  const failed = Object.entries(error.constraints ?? {});
  const wrongType = failed.filter(([name]) => TYPE_CHECKS.has(name));
  return (wrongType.length > 0 ? wrongType : failed).map(([, text]) => text);
}

function messages(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => [
    ...constraintsOf(error).map((text) => (prefix ? `${prefix}${text}` : text)),
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
