import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { QueryInteger } from './query-integer';

export const DEFAULT_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 1000;

/** `?limit=&cursor=` of an admin list: a page, then the next one from the nextCursor it answered. */
export class PageQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    description: 'Items per page.',
    example: 100,
  })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({
    description: 'The nextCursor of the previous page (opaque); use the same filters.',
    example: 'WyIyMDI1LTAyLTAxVDEwOjAwOjAwLjAwMFoiLCI1YjFmIl0',
  })
  @IsOptional()
  @IsString()
  cursor?: string;
}
