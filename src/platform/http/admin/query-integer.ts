import { Transform } from 'class-transformer';

/**
 * A query parameter written in decimal digits (a sign allowed, so that "-1" is refused by the
 * range it breaks, not as "not an integer"), as a number. Anything else stays text and fails
 * @IsInt: `@Type(() => Number)` took "0x10", "1e2" and " 5", and rounded 20 digits silently.
 */
export const QueryInteger = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value,
  );
