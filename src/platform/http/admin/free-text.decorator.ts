import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

// Control characters (NUL, line breaks, escapes) have no place in a name people read.
const NO_CONTROL_CHARACTERS = /^\P{Cc}*$/u;
// Something visible: not only format characters (zero-width spaces) or separators.
const SOMETHING_VISIBLE = /[^\p{Cc}\p{Cf}\p{Z}]/u;

/**
 * A name people read (company, resource, permission): trimmed first, so that the limits and the
 * "not blank" check apply to what is kept; then 1 to `max` characters, none a control character,
 * at least one visible.
 */
export function FreeText(max: number): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    IsNotEmpty(),
    MaxLength(max),
    Matches(NO_CONTROL_CHARACTERS, { message: '$property must not contain control characters' }),
    Matches(SOMETHING_VISIBLE, { message: '$property must contain a visible character' }),
  );
}

/**
 * An optional note people read (a token's description): trimmed; blank or null is no note (null);
 * else at most `max` characters, none a control character.
 */
export function OptionalFreeText(max: number): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => {
      if (typeof value !== 'string') return value;
      const trimmed = value.trim();
      return trimmed === '' ? null : trimmed;
    }),
    IsOptional(),
    IsString(),
    MaxLength(max),
    Matches(NO_CONTROL_CHARACTERS, { message: '$property must not contain control characters' }),
  );
}
