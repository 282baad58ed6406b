import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';
import { QueryInteger } from '../../../platform/http/admin/query-integer';

/** `?fromPosition=&limit=` of the NDJSON export. */
export class ExportQueryDto {
  /** Exclusive: the `position` of the last line already received. */
  @ApiPropertyOptional({
    description:
      'Resume after this position (exclusive): the `position` of the last line already received. ' +
      'Omitted: from the first event.',
    pattern: '^\\d+(:\\d+)?$',
    example: '42',
  })
  @IsOptional()
  @Matches(/^\d+(:\d+)?$/, { message: 'fromPosition must be a position such as 42 or 42:40' })
  fromPosition?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'At most this many events. Omitted: every event to the end of the log.',
    example: 1000,
  })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  limit?: number;
}
