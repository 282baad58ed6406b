import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsString } from 'class-validator';
import { REQUIRED_USER_ATTRIBUTES } from '../contracts/provisioning-policy';

/** PUT replaces the whole policy: both fields are required. */
export class ProvisioningPolicyDto {
  @ApiProperty({
    description:
      'SCIM attributes a user must carry to be synchronized: a SCIM request that creates a user, or ' +
      'changes its profile, without one of them is refused with 400 (and logged). Names are ' +
      'case-insensitive and stored in their canonical form, without duplicates; an unknown name ' +
      'answers 400. "userName" is always required and is added back when left out.',
    enum: [...REQUIRED_USER_ATTRIBUTES],
    isArray: true,
    maxItems: 50,
    example: ['userName', 'emails', 'name.givenName', 'name.familyName'],
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
