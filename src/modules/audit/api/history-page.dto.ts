import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { QueryInteger } from '../../../platform/http/admin/query-integer';

export const MAX_HISTORY_PAGE = 1000;

/** `?fromRevision=0&limit=100`: a page of one stream, by revision. */
export class HistoryPageDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    default: 0,
    description: 'First revision of the page (inclusive): the `next` of the previous page.',
    example: 0,
  })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(0)
  fromRevision?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_HISTORY_PAGE,
    default: 100,
    description: 'Events per page.',
    example: 100,
  })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_HISTORY_PAGE)
  limit?: number;
}
