import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { JsonObject, JsonValue } from '../../../platform/event-store/event-store.port';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import {
  ChangeGroupCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  GroupChange,
  GroupWriteResult,
} from '../../identity/contracts/group.commands';
import { ScimCall } from './scim-call';
import { ListParams, Projection } from './scim-list-params';
import { ScimError } from '../domain/error/scim-error';
import { Preconditions } from '../domain/version/scim-preconditions';
import { versionToPin } from './write-preconditions';
import { LIST_RESPONSE_SCHEMA } from '../domain/discovery/discovery-documents';
import { GroupMembersView, normalizeGroupInput, planGroupPatch } from '../domain/patch';
import { selectAttributes, selectElementAttributes } from '../domain/response/select-attributes';
import {
  MemberRow,
  ScimResourceReader,
  StoredResource,
} from '../infrastructure/read-model/scim-resource.reader';
import { renderDocument, wantsAttribute } from './scim-document';
import { uuidV7 } from '../../../platform/es/uuid-v7';

const PAGE = 2000;

export interface GroupDocument {
  /** The group without members. */
  resource: JsonObject;
  version: number;
  /** Whether the answer must carry the member list (streamed from the read model). */
  withMembers: boolean;
}

function memberIds(group: JsonObject): string[] {
  const members = Array.isArray(group.members) ? group.members : [];
  return members.map((m) => String((m as JsonObject).value));
}

/** SCIM Groups over Identity's commands; member lists are paged from the read model, never held whole. */
@Injectable()
export class ScimGroupsService {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly reader: ScimResourceReader,
    private readonly readModel: ReadModel,
  ) {}

  async create(call: ScimCall, body: unknown): Promise<GroupDocument> {
    const group = normalizeGroupInput(body);
    const externalId = typeof group.externalId === 'string' ? group.externalId : null;
    const result = await this.commandBus.execute(
      new CreateGroupCommand(
        call.subscription,
        uuidV7(),
        String(group.displayName ?? ''),
        externalId,
        memberIds(group),
        call.context,
      ),
    );
    return this.afterWrite(call, result, {});
  }

  get(call: ScimCall, id: string, projection: Projection = {}): GroupDocument {
    const stored = this.reader.get(call.subscription, 'Group', id);
    if (!stored) throw new ScimError(404, `Group ${id} not found`);
    return this.document(call, stored, projection);
  }

  /** A list page; members are included per group unless excluded (Entra always excludes them). */
  list(call: ScimCall, params: ListParams): JsonObject {
    const { total, resources } = this.reader.list(call.subscription, 'Group', params);
    return {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: total,
      Resources: resources.map((stored) => {
        const document = this.document(call, stored, params);
        if (document.withMembers) this.attachMembers(call, document.resource);
        return selectAttributes(document.resource, params.attributes, params.excludedAttributes);
      }),
      startIndex: params.startIndex,
      itemsPerPage: resources.length,
    };
  }

  async replace(
    call: ScimCall,
    id: string,
    body: unknown,
    preconditions?: Preconditions,
  ): Promise<GroupDocument> {
    this.get(call, id);
    const group = normalizeGroupInput(body);
    const ifMatch = await this.pin(call, id, preconditions);
    const change: GroupChange = {
      displayName: String(group.displayName ?? ''),
      externalId: typeof group.externalId === 'string' ? group.externalId : null,
      addMemberIds: [],
      removeMemberIds: [],
      replaceMemberIds: memberIds(group),
    };
    const result = await this.commandBus.execute(
      new ChangeGroupCommand(call.subscription, id, change, call.context, ifMatch),
    );
    return this.afterWrite(call, result, {});
  }

  async patch(
    call: ScimCall,
    id: string,
    body: unknown,
    preconditions?: Preconditions,
    projection: Projection = {},
  ): Promise<GroupDocument> {
    const ifMatch = await this.pin(call, id, preconditions);
    const plan = planGroupPatch(body, id, this.membersView(call, id));
    const change: GroupChange = {
      displayName: plan.displayName,
      externalId: plan.externalId,
      addMemberIds: plan.addMembers,
      removeMemberIds: plan.removeMembers,
      replaceMemberIds: plan.replaceMembers,
    };
    const result = await this.commandBus.execute(
      new ChangeGroupCommand(call.subscription, id, change, call.context, ifMatch),
    );
    return this.afterWrite(call, result, projection);
  }

  /** If-Match / If-None-Match checked on the group as read: the version the write must find. */
  private pin(call: ScimCall, id: string, preconditions: Preconditions | undefined) {
    return versionToPin(preconditions, this.readModel, () => this.get(call, id).version);
  }

  /** The group's members from the read model, paged, for removal filters other than `value eq`. */
  private membersView(call: ScimCall, groupId: string): GroupMembersView {
    const reader = this.reader;
    return {
      *stored() {
        for (let after = '', page: MemberRow[]; ; after = page[page.length - 1]!.id) {
          page = reader.membersPage(call.subscription, groupId, after, PAGE);
          for (const member of page) yield memberJson(call, member);
          if (page.length < PAGE) return;
        }
      },
      describe(id) {
        const member = reader.memberRow(call.subscription, id);
        return member && memberJson(call, member);
      },
    };
  }

  async delete(call: ScimCall, id: string, preconditions?: Preconditions): Promise<void> {
    const ifMatch = await this.pin(call, id, preconditions);
    const result = await this.commandBus.execute(
      new DeleteGroupCommand(call.subscription, id, call.context, ifMatch),
    );
    await this.readModel.waitFor(result.position);
  }

  /**
   * The answer's body: JSON when the member list fits in one page, otherwise the group as JSON
   * text with its members appended page by page, so a group of 100,000 is never held whole.
   */
  body(call: ScimCall, document: GroupDocument, projection: Projection): JsonObject | Readable {
    const id = String(document.resource.id);
    const firstPage = document.withMembers ? this.reader.membersPage(call.subscription, id, '', PAGE) : [];
    if (firstPage.length < PAGE) {
      if (firstPage.length > 0)
        this.insertMembers(
          document.resource,
          firstPage.map((m) => memberJson(call, m)),
        );
      return selectAttributes(document.resource, projection.attributes, projection.excludedAttributes);
    }
    const { meta, ...rest } = selectAttributes(
      document.resource,
      projection.attributes,
      projection.excludedAttributes,
    );
    const head = JSON.stringify(rest).slice(0, -1);
    const reader = this.reader;
    // Each member projected as the small-group path projects the whole list (members.value, ...).
    const member = (m: MemberRow) =>
      JSON.stringify(
        selectElementAttributes(
          'members',
          memberJson(call, m),
          projection.attributes,
          projection.excludedAttributes,
        ),
      );
    function* chunks(): Generator<string> {
      yield `${head}${head === '{' ? '' : ','}"members":[`;
      let page = firstPage;
      let separator = '';
      while (page.length > 0) {
        yield separator + page.map(member).join(',');
        separator = ',';
        page = reader.membersPage(call.subscription, id, page[page.length - 1].id, PAGE);
      }
      yield `]${meta === undefined ? '' : `,"meta":${JSON.stringify(meta)}`}}`;
    }
    return Readable.from(chunks());
  }

  private document(call: ScimCall, stored: StoredResource, projection: Projection): GroupDocument {
    return {
      resource: renderDocument(stored.json, 'Group', call.baseUrl),
      version: stored.version,
      withMembers: wantsAttribute(projection, 'members'),
    };
  }

  private attachMembers(call: ScimCall, resource: JsonObject): void {
    const members: JsonValue[] = [];
    let after = '';
    for (;;) {
      const page = this.reader.membersPage(call.subscription, String(resource.id), after, PAGE);
      if (page.length === 0) break;
      for (const member of page) members.push(memberJson(call, member));
      after = page[page.length - 1].id;
    }
    if (members.length > 0) this.insertMembers(resource, members);
  }

  /** members before meta, as a reader expects them. */
  private insertMembers(resource: JsonObject, members: JsonValue[]): void {
    const meta = resource.meta;
    delete resource.meta;
    resource.members = members;
    resource.meta = meta;
  }

  private async afterWrite(
    call: ScimCall,
    result: GroupWriteResult,
    projection: Projection,
  ): Promise<GroupDocument> {
    await this.readModel.waitFor(result.position);
    return this.get(call, result.groupId, projection);
  }
}

function memberJson(call: ScimCall, member: MemberRow): JsonObject {
  const json: JsonObject = {
    value: member.id,
    $ref: `${call.baseUrl}/${member.type}s/${member.id}`,
    type: member.type,
  };
  if (member.display) json.display = member.display;
  return json;
}
