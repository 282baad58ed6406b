import { ArrayMaxSize, IsArray, IsBoolean, IsString } from 'class-validator';

/** PUT replaces the whole policy: both fields are required. */
export class ProvisioningPolicyDto {
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  requiredUserAttributes!: string[];

  @IsBoolean()
  synchronizeDisabledUsers!: boolean;
}
