import { Command } from '@nestjs/cqrs';
import { CommandContext } from '../../../platform/es/command-context';
import { ProvisioningPolicy } from '../contracts/provisioning-policy';

/** Replaces the policy; answers the policy as stored (userName added back, names canonical). */
export class ChangeProvisioningPolicyCommand extends Command<ProvisioningPolicy> {
  constructor(
    readonly subscription: string,
    readonly requiredUserAttributes: readonly string[],
    readonly synchronizeDisabledUsers: boolean,
    readonly context: CommandContext,
  ) {
    super();
  }
}
