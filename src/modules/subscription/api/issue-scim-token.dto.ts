import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';

export class IssueScimTokenDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string | null;

  /** An instant with a time zone is safest; a bare date means its midnight UTC. */
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string | null;
}
