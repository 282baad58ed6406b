import { Transform } from 'class-transformer';

/**
 * A query parameter written in decimal digits, as a number. Anything else stays text and fails
 * @IsInt: `@Type(() => Number)` took "0x10", "1e2" and " 5", and rounded 20 digits silently.
 */
export const QueryInteger = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value,
  );
