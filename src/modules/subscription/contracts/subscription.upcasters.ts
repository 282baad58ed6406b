import { JsonObject } from '../../../platform/event-store/event-store.port';
import { Upcaster } from '../../../platform/es/event-schema-registry';
import { RequiredProfileAttribute } from './provisioning-policy';

// The SCIM names v1 stored (always in this canonical form), to the profile attributes of v2.
const PROFILE_ATTRIBUTE_OF_V1_NAME: Readonly<Record<string, RequiredProfileAttribute>> = {
  userName: 'userName',
  emails: 'email',
  'name.givenName': 'givenName',
  'name.familyName': 'familyName',
  displayName: 'displayName',
  externalId: 'externalId',
  title: 'title',
  phoneNumbers: 'phoneNumber',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': 'employeeNumber',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department': 'department',
};

/**
 * ProvisioningPolicyChanged v1 -> v2: required attributes were SCIM paths ("name.givenName"),
 * which put the SCIM protocol into Subscription's events; v2 names Identity's profile attributes.
 */
export const provisioningPolicyChangedV1ToV2: Upcaster = {
  eventType: 'ProvisioningPolicyChanged',
  fromVersion: 1,
  upcast({ requiredUserAttributes, ...rest }: JsonObject): JsonObject {
    const names = Array.isArray(requiredUserAttributes) ? requiredUserAttributes : [];
    const attributes = names.flatMap((name) =>
      typeof name === 'string' && Object.hasOwn(PROFILE_ATTRIBUTE_OF_V1_NAME, name)
        ? [PROFILE_ATTRIBUTE_OF_V1_NAME[name]!]
        : [],
    );
    return { requiredUserAttributes: attributes, ...rest };
  },
};

/** Every upcaster of Subscription's events, registered when the module starts. */
export const SUBSCRIPTION_UPCASTERS: readonly Upcaster[] = [provisioningPolicyChangedV1ToV2];
