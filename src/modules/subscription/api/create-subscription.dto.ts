import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import { FreeText } from '../../../platform/http/admin/free-text.decorator';

export class CreateSubscriptionDto {
  /** A DNS label, checked (and lower-cased) by the domain so the rule lives in one place. */
  @ApiProperty({
    description:
      'The subscription name: a DNS label (1-57 characters a-z, 0-9 or "-", not starting or ending ' +
      'with "-", so that users-<name> is one), compared case-insensitively and stored lower-cased. ' +
      'It becomes the host of the tenant URL (https://users-<name>.<PUBLIC_BASE_DOMAIN>/scim/v2) ' +
      'and cannot be changed.',
    example: 'contoso',
    minLength: 1,
    maxLength: 57,
    pattern: '^(?!-)[A-Za-z0-9-]{1,57}(?<!-)$',
  })
  @IsString()
  @IsNotEmpty()
  name!: string;

  @ApiProperty({
    description: 'The customer company; surrounding spaces are trimmed and it must not be blank.',
    example: 'Contoso Ltd',
    minLength: 1,
    maxLength: 200,
  })
  @FreeText(200)
  companyName!: string;
}
