import { Query } from '@nestjs/cqrs';
import { ScimTokenView } from './subscription-view.mapper';

/** The admin's token list (module-internal): null when the subscription does not exist. */
export class ListScimTokensQuery extends Query<ScimTokenView[] | null> {
  constructor(readonly subscription: string) {
    super();
  }
}
