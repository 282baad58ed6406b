import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsString } from 'class-validator';
import { REQUIRED_USER_ATTRIBUTE_NAMES } from '../domain/schema/required-user-attributes';

const EXAMPLE = ['userName', 'emails', 'name.givenName', 'name.familyName'];

/** PUT replaces the whole policy: both fields are required. */
export class ProvisioningPolicyDto {
  @ApiProperty({
    description:
      'SCIM attributes a user must carry to be synchronized: a SCIM request that creates a user, or ' +
      'changes its profile, without one of them is refused with 400 (and logged). Names are ' +
      'case-insensitive and stored in their canonical form, without duplicates; an unknown name ' +
      'answers 400. "userName" is always required and is added back when left out. "emails" asks ' +
      'for a work or primary email.',
    enum: [...REQUIRED_USER_ATTRIBUTE_NAMES],
    isArray: true,
    maxItems: 50,
    example: EXAMPLE,
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  requiredUserAttributes!: string[];

  @ApiProperty({
    description:
      'false (the default policy): a SCIM request creating a user with active: false is refused ' +
      'with 400; true: such a user is created, disabled. An existing user set to active: false is ' +
      'disabled either way (the disable rule applies).',
    example: false,
  })
  @IsBoolean()
  synchronizeDisabledUsers!: boolean;
}

/** The policy as stored; documentation only, never instantiated. */
export class ProvisioningPolicyResponse {
  @ApiProperty({
    enum: [...REQUIRED_USER_ATTRIBUTE_NAMES],
    isArray: true,
    description: 'Canonical names, in the order of the list of known attributes; always contains userName.',
    example: EXAMPLE,
  })
  requiredUserAttributes!: string[];

  @ApiProperty({
    description: 'false: a SCIM request creating a user with active: false is refused with 400.',
    example: false,
  })
  synchronizeDisabledUsers!: boolean;
}
