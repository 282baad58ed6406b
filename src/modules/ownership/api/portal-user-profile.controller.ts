import { BadRequestException, Body, Headers, HttpCode, Param, Patch } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CommandContext } from '../../../platform/es/command-context';
import { AdminCommandContext } from '../../../platform/http/admin/admin-context.decorator';
import {
  AdminController,
  ApiAdminError,
  ApiSubscriptionName,
} from '../../../platform/http/admin/admin-controller.decorator';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { EditUserProfileCommand } from '../../identity/contracts/user.commands';
import { requireSubscription } from '../../subscription/contracts/require-subscription';
import { PortalUserResponse } from './ownership.responses';
import { PortalUserView } from './portal-user.view';
import { UserProfileEditRequest } from './profile-edit.request';

/** The portal's edit of a user's profile (seed: an edit in the portal is not reflected in Entra). */
@ApiTags('Users (portal)')
@AdminController('subscriptions')
export class PortalUserProfileController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly readModel: ReadModel,
    private readonly view: PortalUserView,
  ) {}

  @Patch(':name/users/:id/profile')
  @HttpCode(200)
  @ApiOperation({
    summary: "Edit a user's profile in the portal",
    description:
      'A JSON merge patch (RFC 7396) of the profile the user view shows: a key sets its value, null ' +
      'removes it, `name` and `enterprise` merge key by key, lists (emails, phoneNumbers, addresses, ' +
      'roles, ...) are replaced whole. The edit is recorded as a change of the user by `admin`; it is ' +
      'not sent to Entra ID, and Entra overwrites an attribute the next time it changes it (one-way ' +
      "sync). The subscription's provisioning policy applies: an edit that would make the user " +
      'incomplete is refused. Active state and manager are not edited here (Entra owns them; the ' +
      "portal's disable is POST .../disable).",
  })
  @ApiSubscriptionName()
  @ApiParam({
    name: 'id',
    description: 'SCIM `id` of the user.',
    example: '2819c223-7f76-453a-919d-413861904646',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The `version` the edit was made on (e.g. 3, "3" or W/"3"): 412 if the user changed since.',
  })
  @ApiConsumes('application/merge-patch+json', 'application/json')
  @ApiBody({ description: 'Profile keys to set (null removes).', type: UserProfileEditRequest })
  @ApiOkResponse({ description: 'The user after the edit (live view).', type: PortalUserResponse })
  @ApiAdminError(
    400,
    'Not a JSON object, an unknown key or a value of the wrong type (the message names it), or an edit ' +
      "that would make the user incomplete under the subscription's provisioning policy.",
  )
  @ApiAdminError(404, 'No subscription with this name, or no such user.')
  @ApiAdminError(409, 'The new userName belongs to another user of the subscription.')
  @ApiAdminError(412, 'If-Match names another version than the current one.')
  async edit(
    @Param('name') name: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @AdminCommandContext() context: CommandContext,
  ): Promise<PortalUserResponse> {
    const sub = await requireSubscription(this.queryBus, name);
    const result = await this.commandBus.execute(
      new EditUserProfileCommand(sub, id, body, context, versionOf(ifMatch)),
    );
    await this.readModel.waitFor(result.position);
    return this.view.live(sub, id);
  }
}

/** If-Match: 3, "3" or W/"3" (the user view's version); absent or * means any version. */
function versionOf(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) throw new BadRequestException(`If-Match must be a version such as "3", got ${header}`);
  return Number(match[1]);
}
