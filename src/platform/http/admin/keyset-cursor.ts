import { BadRequestException } from '@nestjs/common';
import { FROM_START, KeysetPosition } from '../../read-model/keyset-page';

/** Opaque to clients: the (time, id) of the last item of the page. */
export function encodeKeysetCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor names; 400 for anything this API did not answer. */
export function decodeKeysetCursor(cursor: string | undefined): KeysetPosition {
  if (cursor === undefined) return FROM_START;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || value.length !== 2 || !value.every((part) => typeof part === 'string' && part))
    throw new BadRequestException('cursor is not one this API returned');
  return [value[0] as string, value[1] as string];
}
