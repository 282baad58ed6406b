import { ResourceTypeName } from '../schema/scim-schema.types';
import { TargetedOperation } from './expand-operation';
import { FilterCreations } from './filter-creations';
import { JsonObject } from './json';
import { patchMultiValued } from './multi-valued-patch';
import { attributeContainer } from './resource-document';
import { patchSingleValued } from './single-valued-patch';

/** Applies one resolved operation to a working copy of a resource (in place). */
export function applyTargetedOperation(
  resourceType: ResourceTypeName,
  resource: JsonObject,
  { op, target, value }: TargetedOperation,
  creations: FilterCreations,
): void {
  if (target.kind === 'schema') {
    delete resource[target.schemaId]; // only "remove" (or clearing) of a whole extension reaches here
    return;
  }
  const container = attributeContainer(resourceType, resource, target.schemaId);
  if (target.attribute.multiValued) patchMultiValued(container, op, target, value, creations);
  else patchSingleValued(container, op, target, value);
}
