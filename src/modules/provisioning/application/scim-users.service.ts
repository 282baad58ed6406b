import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import { DomainError } from '../../../platform/es/domain-event';
import { StaleRevisionError } from '../../../platform/es/event-sourced-repository';
import { JsonObject } from '../../../platform/event-store/event-store.port';
import { LOGGER } from '../../../platform/logging/logger';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import {
  ChangeUserCommand,
  DeleteUserCommand,
  ProvisionUserCommand,
  UserWriteResult,
} from '../../identity/contracts/user.commands';
import { ScimCall } from './scim-call';
import { ListParams, Projection } from './scim-list-params';
import { ScimError } from '../domain/error/scim-error';
import { Preconditions } from '../domain/version/scim-preconditions';
import { versionToPin } from './write-preconditions';
import { ENTERPRISE_USER_SCHEMA_ID } from '../domain/schema/scim-schemas';
import { applyPatch } from '../domain/patch/apply-patch';
import { normalizeUserInput } from '../domain/patch/normalize-resource-input';
import { selectAttributes } from '../domain/response/select-attributes';
import { UserSnapshot, scimToUser } from '../domain/user/scim-user.mapper';
import { storedUserDocument } from '../domain/user/stored-user-document';
import { ScimResourceReader } from '../infrastructure/read-model/scim-resource.reader';
import { KeyedLock } from '../../../platform/es/keyed-lock';
import { CONFLICT_ATTEMPTS, ConflictRetry, retryOnConflict } from '../../../platform/es/retry-on-conflict';
import { renderDocument, wantsAttribute } from './scim-document';
import { listResponseBody, splicedUserBody } from './stored-user-body';
import { uuidV7 } from '../../../platform/es/uuid-v7';

export interface ScimDocument {
  resource: JsonObject;
  version: number;
}

/** A user as read before a write: what its answer keeps (see answerAhead). */
interface ReadUser extends ScimDocument {
  /** Member of a group (the answer lists them). */
  grouped: number;
}

/** A write's answer: the user as GET now answers it, as JSON text (see getBody). */
export interface WrittenUser {
  id: string;
  body: string;
  version: number;
}

/** How a change is applied and answered: If-Match / If-None-Match, and the answer's attributes. */
export interface WriteOptions {
  preconditions?: Preconditions;
  projection?: Projection;
}

/** A change's version pin (If-Match's, once checked) and the answer's attributes. */
interface PinnedWrite {
  ifMatch?: number;
  projection?: Projection;
}

/** SCIM Users over Identity's commands and the SCIM read model; no business rule of its own. */
@Injectable()
export class ScimUsersService {
  // One write of a user at a time in this process (PUT, PATCH, DELETE): each is decided on the
  // result of the previous one instead of racing it into conflicts and retries.
  private readonly writes = new KeyedLock();

  constructor(
    private readonly commandBus: CommandBus,
    private readonly reader: ScimResourceReader,
    private readonly readModel: ReadModel,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(call: ScimCall, body: unknown, projection: Projection = {}): Promise<WrittenUser> {
    const user = scimToUser(normalizeUserInput(body));
    const id = uuidV7();
    const result = await this.refusalsLogged(call, 'POST /Users', () =>
      this.commandBus.execute(
        new ProvisionUserCommand(
          call.subscription,
          id,
          user.profile,
          user.active,
          user.managerId,
          call.context,
        ),
      ),
    );
    return this.afterWrite(call, result, projection);
  }

  get(call: ScimCall, id: string, projection: Projection = {}): ReadUser {
    // With its `grouped` flag: most users are in no group, and then no membership query follows.
    const stored = this.reader.getForRead(call.subscription, 'User', id);
    if (!stored) throw new ScimError(404, `User ${id} not found`);
    const resource = this.withReadOnlyAttributes(
      call,
      renderDocument(stored.json, 'User', call.baseUrl),
      projection,
      stored.grouped,
    );
    return {
      resource: selectAttributes(resource, projection.attributes, projection.excludedAttributes),
      version: stored.version,
      grouped: stored.grouped,
    };
  }

  /**
   * GET /Users/{id} as the answer's JSON text (see splicedUserBody), once the read model holds
   * this user's writes answered before it (and everyone's, for a manager's displayName).
   */
  readBody(
    call: ScimCall,
    id: string,
    projection: Projection,
  ): { body: string; version: number } | Promise<{ body: string; version: number }> {
    const waiting = this.readModel.waitForAnsweredOf(this.writeKey(call, id));
    if (waiting) return waiting.then(() => this.readBody(call, id, projection));
    const stored = this.reader.getForRead(call.subscription, 'User', id);
    if (stored?.json.includes('"manager":')) {
      const all = this.readModel.waitForAnswered();
      if (all) return all.then(() => this.getBody(call, id, projection));
    }
    return this.answerOf(call, id, stored, projection);
  }

  private getBody(call: ScimCall, id: string, projection: Projection): { body: string; version: number } {
    return this.answerOf(call, id, this.reader.getForRead(call.subscription, 'User', id), projection);
  }

  private answerOf(
    call: ScimCall,
    id: string,
    stored: { json: string; version: number; grouped: number } | undefined,
    projection: Projection,
  ): { body: string; version: number } {
    if (!stored) throw new ScimError(404, `User ${id} not found`);
    return { body: this.bodyOf(call, { id, ...stored }, projection), version: stored.version };
  }

  /** A ListResponse as JSON text, the resources spliced from their stored text where possible. */
  listBody(call: ScimCall, params: ListParams): string {
    const { total, resources } = this.reader.list(call.subscription, 'User', params);
    const bodies = resources.map((stored) => this.bodyOf(call, stored, params));
    return listResponseBody(total, bodies, params.startIndex);
  }

  replace(call: ScimCall, id: string, body: unknown, options: WriteOptions = {}): Promise<WrittenUser> {
    return this.writes.run(this.writeKey(call, id), async () => {
      await this.readModel.waitForAnsweredOf(this.writeKey(call, id));
      return this.replaceNow(call, id, body, options);
    });
  }

  private async replaceNow(
    call: ScimCall,
    id: string,
    body: unknown,
    options: WriteOptions,
  ): Promise<WrittenUser> {
    const existing = this.get(call, id);
    const input = normalizeUserInput(body);
    const user = scimToUser(input);
    const ifMatch = await this.pin(call, id, options.preconditions);
    // Everything asserted: the body alone decides, on whatever version (or If-Match's).
    if (typeof input.active === 'boolean') {
      const result = await this.writeUser(call, id, 'PUT', user, ifMatch);
      return this.afterWrite(call, result, options.projection ?? {}, existing);
    }
    // RFC 7644 3.5.1: an attribute a PUT leaves out may be kept as "not asserted". For `active`
    // it is: read as true, it would restore a disabled user that the client never mentioned. Kept
    // from a read, the write is pinned to that read's version.
    return this.changeFromRead(call, id, 'PUT', { ifMatch, projection: options.projection }, (current) => ({
      ...user,
      active: current.resource.active !== false,
    }));
  }

  patch(call: ScimCall, id: string, body: unknown, options: WriteOptions = {}): Promise<WrittenUser> {
    return this.writes.run(this.writeKey(call, id), async () => {
      const answered = this.readModel.waitForAnsweredOf(this.writeKey(call, id));
      if (answered) await answered;
      const ifMatch = options.preconditions ? await this.pin(call, id, options.preconditions) : undefined;
      return this.changeFromRead(
        call,
        id,
        'PATCH',
        { ifMatch, projection: options.projection },
        (current) => {
          const patched = applyPatch('User', current.resource, body);
          return patched.changed ? scimToUser(patched.resource) : undefined;
        },
      );
    });
  }

  /**
   * A change computed from the user as read (`undefined`: nothing to change), written only on
   * that version: overtaken by another write, it is computed again on a newer read.
   */
  private changeFromRead(
    call: ScimCall,
    id: string,
    method: 'PUT' | 'PATCH',
    { ifMatch, projection = {} }: PinnedWrite,
    compute: (current: ReadUser) => UserSnapshot | undefined,
  ): Promise<WrittenUser> {
    // Without If-Match the client asked for no version: our read was behind the stream, so wait for
    // the read model to catch up and recompute; overtaken too often is a conflict, not a 412.
    const conflict: ConflictRetry = {
      attempts: CONFLICT_ATTEMPTS.recomputedFromRead,
      isConflict: (error) => error instanceof StaleRevisionError && ifMatch === undefined,
      beforeRetry: () => this.readModel.waitForHead(),
      exhausted: () =>
        new ScimError(409, 'the user was changed concurrently by other writers; retry the request'),
    };
    return retryOnConflict(conflict, async () => {
      const current = this.get(call, id);
      if (ifMatch !== undefined && ifMatch !== current.version)
        throw new StaleRevisionError(`user ${id}`, ifMatch, current.version);
      const user = compute(current);
      if (!user) return { id, ...this.getBody(call, id, projection) };
      const result = await this.writeUser(call, id, method, user, current.version);
      return this.afterWrite(call, result, projection, current);
    });
  }

  /** Identity's change of the user; refused (StaleRevisionError) unless at `expectedRevision` when given. */
  private writeUser(
    call: ScimCall,
    id: string,
    method: 'PUT' | 'PATCH',
    user: UserSnapshot,
    expectedRevision: number | undefined,
  ): Promise<UserWriteResult> {
    return this.refusalsLogged(call, `${method} /Users/${id}`, () =>
      this.commandBus.execute(
        new ChangeUserCommand(
          call.subscription,
          id,
          user.profile,
          user.active,
          user.managerId,
          call.context,
          expectedRevision,
        ),
      ),
    );
  }

  delete(call: ScimCall, id: string, preconditions?: Preconditions): Promise<void> {
    return this.writes.run(this.writeKey(call, id), async () => {
      const ifMatch = await this.pin(call, id, preconditions);
      const result = await this.commandBus.execute(
        new DeleteUserCommand(call.subscription, id, call.context, ifMatch),
      );
      await this.readModel.waitFor(result.position);
    });
  }

  /** If-Match / If-None-Match checked on the user as read: the version the write must find. */
  private pin(call: ScimCall, id: string, preconditions: Preconditions | undefined) {
    return versionToPin(preconditions, this.readModel, () => this.get(call, id).version);
  }

  private writeKey(call: ScimCall, id: string): string {
    return `${call.subscription}/${id}`;
  }

  private bodyOf(
    call: ScimCall,
    { id, json, grouped }: { id: string; json: string; grouped: number },
    projection: Projection,
  ): string {
    const plain = !projection.attributes?.length && !projection.excludedAttributes?.length;
    const groups = () => (grouped ? this.reader.groupsOfMember(call.subscription, id) : []);
    const spliced = plain ? splicedUserBody(json, id, call.baseUrl, groups) : undefined;
    if (spliced !== undefined) return spliced;
    const resource = this.withReadOnlyAttributes(
      call,
      renderDocument(json, 'User', call.baseUrl),
      projection,
      grouped,
    );
    return JSON.stringify(selectAttributes(resource, projection.attributes, projection.excludedAttributes));
  }

  /** The readOnly attributes computed at read time: manager.displayName, and `groups` (direct and nested). */
  private withReadOnlyAttributes(
    call: ScimCall,
    resource: JsonObject,
    projection: Projection,
    grouped: number,
  ): JsonObject {
    this.withManagerName(call, resource);
    if (!grouped || !wantsAttribute(projection, 'groups')) return resource;
    const groups = this.reader.groupsOfMember(call.subscription, String(resource.id));
    if (groups.length === 0) return resource;
    const meta = resource.meta;
    delete resource.meta;
    resource.groups = groups.map((g) => ({
      value: g.id,
      $ref: `${call.baseUrl}/Groups/${g.id}`,
      display: g.display,
      type: g.direct ? 'direct' : 'indirect',
    }));
    resource.meta = meta;
    return resource;
  }

  /** manager.displayName (readOnly) is the manager's current displayName, looked up at read time. */
  private withManagerName(call: ScimCall, resource: JsonObject): void {
    const manager = (resource[ENTERPRISE_USER_SCHEMA_ID] as JsonObject | undefined)?.manager as
      JsonObject | undefined;
    if (!manager?.value) return;
    const display = this.reader.displayNameOf(call.subscription, String(manager.value));
    if (display) manager.displayName = display;
  }

  /**
   * Read-your-writes: the answer is the user as GET will answer it. Rendered from the write
   * itself where it can be (answerAhead); else read once the read model holds the write.
   */
  private async afterWrite(
    call: ScimCall,
    result: UserWriteResult,
    projection: Projection,
    before?: ReadUser,
  ): Promise<WrittenUser> {
    const ahead = this.answerAhead(call, result, projection, before);
    if (ahead) return ahead;
    await this.readModel.waitFor(result.position);
    return { id: result.userId, ...this.getBody(call, result.userId, projection) };
  }

  /**
   * The answer of a durable write before the read model holds it: the document the users
   * projection will store (storedUserDocument, from the user the write left), spliced like a
   * GET. The reads that follow wait for the write instead (ReadModel.noteAnsweredAhead). Not for
   * a user with a manager, whose answer shows the manager's displayName from the read model.
   */
  private answerAhead(
    call: ScimCall,
    { userId, revision, position, written }: UserWriteResult,
    projection: Projection,
    before: ReadUser | undefined,
  ): WrittenUser | undefined {
    if (!written || !position || written.managerId !== null) return undefined;
    const meta = before?.resource.meta as JsonObject | undefined;
    const created = before ? meta?.created : written.recordedAt;
    // Attributes excluded from the read (or a read without meta): answered from the read model.
    if (typeof created !== 'string') return undefined;
    // The profile the event carries: the projection reads it back from its JSON, whose text
    // (keys, order, values) is the same, so the stored document is these very bytes.
    const source = { profile: written.profile, active: written.active, managerId: null, created };
    const json = JSON.stringify(storedUserDocument(userId, source, revision, written.recordedAt));
    this.readModel.noteAnsweredAhead(this.writeKey(call, userId), position);
    const body = this.bodyOf(call, { id: userId, json, grouped: before?.grouped ?? 0 }, projection);
    return { id: userId, body, version: revision };
  }

  /** seed: users that are not synchronized are refused and the refusal is logged. */
  private async refusalsLogged<T>(call: ScimCall, operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'invalid')
        this.logger.info(
          {
            subscription: call.subscription,
            operation,
            reason: error.code,
            detail: error.message,
            correlationId: call.context.correlationId,
          },
          'user not synchronized',
        );
      throw error;
    }
  }
}
