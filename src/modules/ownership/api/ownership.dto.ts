import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { FreeText } from '../../../platform/http/admin/free-text.decorator';
import { PageQueryDto } from '../../../platform/http/admin/page-query.dto';

export class CreateResourceDto {
  @ApiProperty({
    description: 'Kind of resource (free text, not blank).',
    example: 'dashboard',
    minLength: 1,
    maxLength: 200,
  })
  @FreeText(200)
  type!: string;

  @ApiProperty({
    description: 'Display name of the resource (not blank).',
    example: 'Sales pipeline',
    minLength: 1,
    maxLength: 500,
  })
  @FreeText(500)
  name!: string;

  @ApiProperty({
    description: 'SCIM `id` of the owner: an active user of the subscription.',
    example: '2819c223-7f76-453a-919d-413861904646',
    minLength: 1,
    maxLength: 200,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  ownerId!: string;
}

export class GrantPermissionDto {
  @ApiProperty({
    description: 'SCIM `id` of the holder: an active user of the subscription.',
    example: '2819c223-7f76-453a-919d-413861904646',
    minLength: 1,
    maxLength: 200,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  userId!: string;

  @ApiProperty({
    description: 'The administrator permission granted (free text, not blank).',
    example: 'billing-admin',
    minLength: 1,
    maxLength: 200,
  })
  @FreeText(200)
  permission!: string;
}

/** `?ownerId=` of the resource list: given at most once (twice arrives as a list: 400); and its page. */
export class ListResourcesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Only the resources owned by this user (SCIM `id`); empty means all.',
    example: '2819c223-7f76-453a-919d-413861904646',
  })
  @IsOptional()
  @IsString()
  ownerId?: string;
}

/** `?userId=` of the permission list: given at most once (twice arrives as a list: 400); and its page. */
export class ListPermissionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Only the permissions held by this user (SCIM `id`); empty means all.',
    example: '2819c223-7f76-453a-919d-413861904646',
  })
  @IsOptional()
  @IsString()
  userId?: string;
}
