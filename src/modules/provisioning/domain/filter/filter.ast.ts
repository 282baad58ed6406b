import { ScimAttributeType } from '../schema/scim-schema.types';

/** An attribute path resolved against the schema, with what comparisons need to know about it. */
export interface AttributeRef {
  /** Schema URN the attribute belongs to; '' for the common attributes (id, externalId, meta). */
  schemaId: string;
  /** Canonical name of the top-level attribute, e.g. "emails". */
  attribute: string;
  /** Canonical name of the sub-attribute, e.g. "value". */
  subAttribute?: string;
  /** Canonical dotted path without URN, e.g. "emails.value", "manager.value", "userName". */
  path: string;
  /** Type of the leaf (the sub-attribute when there is one). */
  type: ScimAttributeType;
  /** caseExact of the leaf: false means compare case-insensitively. */
  caseExact: boolean;
  /** The top-level attribute is multi-valued: a comparison matches if any value matches. */
  multiValued: boolean;
}

export type ComparisonOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

export type ComparisonValue = string | number | boolean | null;

/** `userName eq "bjensen"`; value types are checked against the attribute type at parse time. */
export interface ComparisonNode {
  kind: 'comparison';
  attribute: AttributeRef;
  operator: ComparisonOperator;
  value: ComparisonValue;
}

/** `title pr` */
export interface PresentNode {
  kind: 'present';
  attribute: AttributeRef;
}

/** Flattened: `a and b and c` is one node with three operands. */
export interface LogicalNode {
  kind: 'and' | 'or';
  operands: FilterNode[];
}

export interface NotNode {
  kind: 'not';
  operand: FilterNode;
}

/**
 * `emails[type eq "work" and value co "@x"]`: one element of the complex attribute must satisfy
 * the whole inner filter, whose attributes are sub-attributes of `attribute`.
 * `emails[type eq "work"].value eq "a@b"` is parsed as `emails[type eq "work" and value eq "a@b"]`.
 */
export interface ValuePathNode {
  kind: 'valuePath';
  attribute: AttributeRef;
  filter: FilterNode;
}

export type FilterNode = ComparisonNode | PresentNode | LogicalNode | NotNode | ValuePathNode;
