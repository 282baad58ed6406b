import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The user to give a role: the SCIM `id` of a user of the subscription. */
export class RoleHolderDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  userId!: string;
}
