import { AttributeDefinition } from '../../schema/scim-schema.types';
import { JsonValue } from '../json';

export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** A filter inside a PATCH value path ("emails[type eq \"work\"]"), bound to sub-attribute definitions. */
export type ValueFilter =
  | { kind: 'compare'; attribute: AttributeDefinition; operator: CompareOperator; value: JsonValue }
  | { kind: 'present'; attribute: AttributeDefinition }
  | { kind: 'and' | 'or'; left: ValueFilter; right: ValueFilter }
  | { kind: 'not'; filter: ValueFilter };

/** Maps a name used in the filter to a sub-attribute definition; undefined when unknown. */
export type SubAttributeResolver = (name: string) => AttributeDefinition | undefined;
