import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CreateSubscriptionDto {
  /** A DNS label, checked (and lower-cased) by the domain so the rule lives in one place. */
  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  companyName!: string;
}
