import { ApiProperty } from '@nestjs/swagger';

/** A page of an admin list (the list is the subclass's property): nextCursor leads to the next one. */
export abstract class PageResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass it as cursor for the next page; null on the last page.',
    example: null,
  })
  nextCursor!: string | null;
}
