import { applySubAttributeUpdates, coerceSimpleValue, complexUpdates } from './attribute-value';
import { matchesValueFilter } from './filter/value-filter.evaluator';
import { JsonObject, JsonValue, isClearingValue, isJsonObject } from './json';
import { readManagerValue } from './manager-value';
import { PatchOpName } from './patch-request';
import { AttributeTarget } from './patch-path';
import { isManagerAttribute } from './schema-lookup';
import { ScimPatchError } from './scim-patch.error';

/** add/replace/remove on a single-valued attribute ("userName", "name", "name.givenName", "manager"). */
export function patchSingleValued(
  container: JsonObject,
  op: PatchOpName,
  target: AttributeTarget,
  value: JsonValue | undefined,
): void {
  const { attribute, subAttribute, filter, path } = target;
  const name = attribute.name;
  if (filter) {
    const current = container[name];
    if (!isJsonObject(current) || !matchesValueFilter(filter, current)) {
      // Entra removes "manager[value eq \"old\"]" when the manager may already have changed: no-op.
      if (op === 'remove') return;
      throw new ScimPatchError('noTarget', `"${path}" matches no value`);
    }
  }
  if (isManagerAttribute(target.schemaId, attribute)) return patchManager(container, op, target, value);

  if (attribute.type !== 'complex') {
    const coerced = op === 'remove' ? undefined : coerceSimpleValue(attribute, value, path);
    if (coerced === undefined) delete container[name];
    else container[name] = coerced;
    return;
  }
  if (!subAttribute && (op === 'remove' || isClearingValue(value))) {
    delete container[name];
    return;
  }
  const complex = isJsonObject(container[name]) ? container[name] : {};
  // RFC 7644 3.5.2.3: sub-attributes given in the value replace, the others are left unchanged.
  const updates = subAttribute
    ? [
        {
          attribute: subAttribute,
          value: op === 'remove' ? undefined : coerceSimpleValue(subAttribute, value, path),
        },
      ]
    : complexUpdates(attribute, value ?? null, path);
  applySubAttributeUpdates(complex, updates, path);
  if (Object.keys(complex).length === 0) delete container[name];
  else container[name] = complex;
}

/** The manager is stored as {"value": id} only: the server derives "$ref" and "displayName". */
function patchManager(
  container: JsonObject,
  op: PatchOpName,
  target: AttributeTarget,
  value: JsonValue | undefined,
) {
  const sub = target.subAttribute;
  if (sub?.name === '$ref') return; // derived from manager.value, nothing to store
  if (op === 'remove') {
    delete container.manager;
    return;
  }
  // "manager.value" takes the id itself; "manager" any of Entra's forms.
  const manager = sub ? (coerceSimpleValue(sub, value, target.path) ?? null) : value;
  const change = readManagerValue(manager, target.path);
  if (change.kind === 'set') container.manager = { value: change.id };
  else if (change.kind === 'clear') delete container.manager;
}
