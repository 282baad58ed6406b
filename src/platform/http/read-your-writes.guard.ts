import { CanActivate, CustomDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ReadModel } from '../read-model/read-model.service';

const WAITS_ITSELF = Symbol('waitsForAnsweredWritesItself');

/**
 * On a route or controller whose handler waits for the writes answered ahead of the read model
 * itself (ReadModel.waitForAnsweredOf, for one resource), or must answer without them (health).
 */
export const WaitsForAnsweredWritesItself = (): CustomDecorator<symbol> => SetMetadata(WAITS_ITSELF, true);

/**
 * Read-your-writes on every route: a request is handled once the read model holds every write
 * answered before it (see ReadModel.noteAnsweredAhead). Free when it does, which is nearly always.
 */
@Injectable()
export class ReadYourWritesGuard implements CanActivate {
  private readonly exempt = new WeakMap<object, boolean>();

  constructor(
    private readonly readModel: ReadModel,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const handler = context.getHandler();
    let exempt = this.exempt.get(handler);
    if (exempt === undefined) {
      exempt =
        this.reflector.getAllAndOverride<boolean>(WAITS_ITSELF, [handler, context.getClass()]) === true;
      this.exempt.set(handler, exempt);
    }
    if (exempt) return true;
    const waiting = this.readModel.waitForAnswered();
    return waiting ? waiting.then(() => true) : true;
  }
}
