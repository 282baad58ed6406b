import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { OptionalFreeText } from '../../../platform/http/admin/free-text.decorator';

export class IssueScimTokenDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'What the token is for (e.g. which Entra enterprise application uses it). Trimmed; blank is ' +
      'no description (null); no control characters.',
    example: 'Entra ID provisioning (production)',
    maxLength: 200,
  })
  @OptionalFreeText(200)
  description?: string | null;

  /** An instant with a time zone is safest; a bare date means its midnight UTC. */
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When the token stops being accepted: an ISO-8601 date-time, in the future and before the ' +
      'year 10000. Give a time zone (a bare date means its midnight UTC). Omitted or null: the ' +
      'token never expires.',
    example: '2026-12-31T23:59:59Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string | null;
}
