import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';

/** `?fromPosition=&limit=` of the NDJSON export. */
export class ExportQueryDto {
  /** Exclusive: the `position` of the last line already received. */
  @IsOptional()
  @Matches(/^\d+(:\d+)?$/, { message: 'fromPosition must be a position such as 42 or 42:40' })
  fromPosition?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit?: number;
}
