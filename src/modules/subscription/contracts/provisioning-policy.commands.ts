import { Command } from '@nestjs/cqrs';
import { CommandContext } from '../../../platform/es/command-context';
import { ProvisioningPolicy, RequiredProfileAttribute } from './provisioning-policy';

/** Replaces the policy; answers the policy as stored (userName added back, in canonical order). */
export class ChangeProvisioningPolicyCommand extends Command<ProvisioningPolicy> {
  constructor(
    readonly subscription: string,
    readonly requiredUserAttributes: readonly RequiredProfileAttribute[],
    readonly synchronizeDisabledUsers: boolean,
    readonly context: CommandContext,
  ) {
    super();
  }
}
