import { ApiPropertyOptional } from '@nestjs/swagger';
import { LabelledValueResponse, PostalAddressResponse } from './ownership.responses';

const REMOVE = 'null or "" removes it.';
const LIST = 'Replaces the whole list; null or [] removes it.';

/**
 * OpenAPI only: the body of PATCH .../users/{id}/profile, a JSON merge patch (RFC 7396) of the
 * profile. Identity validates it (unknown keys and wrong types are refused, naming the key).
 */
export class UserProfileEditRequest {
  @ApiPropertyOptional({
    type: String,
    description: 'Renames the user (unique per subscription, any case).',
    example: 'ann@contoso.com',
  })
  userName?: string;
  @ApiPropertyOptional({
    type: String,
    description: `Identifier in the provisioning client; ${REMOVE}`,
    nullable: true,
  })
  externalId?: string | null;
  @ApiPropertyOptional({
    description: `Merged key by key (formatted, familyName, givenName, middleName, honorificPrefix, honorificSuffix); a key set to null is removed; null removes the name.`,
    nullable: true,
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    example: { middleName: 'Jane' },
  })
  name?: Record<string, string | null> | null;
  @ApiPropertyOptional({ type: String, description: REMOVE, nullable: true }) displayName?: string | null;
  @ApiPropertyOptional({ type: String, description: REMOVE, nullable: true }) nickName?: string | null;
  @ApiPropertyOptional({ type: String, description: REMOVE, nullable: true }) profileUrl?: string | null;
  @ApiPropertyOptional({ type: String, description: REMOVE, nullable: true, example: 'Head of Sales' })
  title?: string | null;
  @ApiPropertyOptional({ type: String, description: REMOVE, nullable: true }) userType?: string | null;
  @ApiPropertyOptional({ type: String, description: REMOVE, nullable: true }) preferredLanguage?:
    string | null;
  @ApiPropertyOptional({ type: String, description: REMOVE, nullable: true }) locale?: string | null;
  @ApiPropertyOptional({ type: String, description: REMOVE, nullable: true }) timezone?: string | null;
  @ApiPropertyOptional({ description: LIST, type: [LabelledValueResponse], nullable: true })
  emails?: LabelledValueResponse[] | null;
  @ApiPropertyOptional({ description: LIST, type: [LabelledValueResponse], nullable: true })
  phoneNumbers?: LabelledValueResponse[] | null;
  @ApiPropertyOptional({ description: LIST, type: [LabelledValueResponse], nullable: true })
  ims?: LabelledValueResponse[] | null;
  @ApiPropertyOptional({ description: LIST, type: [LabelledValueResponse], nullable: true })
  photos?: LabelledValueResponse[] | null;
  @ApiPropertyOptional({ description: LIST, type: [PostalAddressResponse], nullable: true })
  addresses?: PostalAddressResponse[] | null;
  @ApiPropertyOptional({ description: LIST, type: [LabelledValueResponse], nullable: true })
  entitlements?: LabelledValueResponse[] | null;
  @ApiPropertyOptional({ description: LIST, type: [LabelledValueResponse], nullable: true })
  roles?: LabelledValueResponse[] | null;
  @ApiPropertyOptional({ description: LIST, type: [LabelledValueResponse], nullable: true })
  x509Certificates?: LabelledValueResponse[] | null;
  @ApiPropertyOptional({
    description:
      'The enterprise extension, merged key by key (employeeNumber, costCenter, organization, division, department); a key set to null is removed.',
    nullable: true,
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    example: { costCenter: 'CC-7' },
  })
  enterprise?: Record<string, string | null> | null;
}
