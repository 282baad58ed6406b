import { hasData } from './element-data';
import { JsonObject, isJsonObject } from './json';
import { ScimPatchError } from './scim-patch.error';

/**
 * The elements value filters created during one PATCH request, with the path that created each.
 * Checked once every operation has run: an element a filter created that was never given a value
 * (`phoneNumbers[type eq "mobile"].display` alone) would be dropped as empty, so the request
 * would answer 200 and store nothing. RFC 7644 3.5.2: the filter matched no value, noTarget.
 * (At the end, not per operation: a later operation of the request may fill it.)
 */
export class FilterCreations {
  private readonly paths = new Map<JsonObject, string>();

  record(element: JsonObject, path: string): void {
    this.paths.set(element, path);
  }

  /** Throws noTarget for a created element still in `resource` with nothing but qualifiers. */
  refuseUnfilled(resource: JsonObject): void {
    if (this.paths.size === 0) return;
    for (const value of Object.values(resource)) {
      if (!Array.isArray(value)) continue;
      for (const element of value) {
        const path = isJsonObject(element) ? this.paths.get(element) : undefined;
        if (path !== undefined && !hasData(element))
          throw new ScimPatchError(
            'noTarget',
            `"${path}" matches no value, and sets none to create one with`,
          );
      }
    }
  }
}
