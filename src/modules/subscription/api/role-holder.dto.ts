import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The user to give a role: the SCIM `id` of a user of the subscription. */
export class RoleHolderDto {
  @ApiProperty({
    description: 'The SCIM `id` of an active user of the subscription.',
    example: '2819c223-7f76-453a-919d-413861904646',
    minLength: 1,
    maxLength: 200,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  userId!: string;
}
