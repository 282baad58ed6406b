import { ScimError } from '../error/scim-error';

/** The versions an If-Match or If-None-Match header names, or "*" (any version). */
export type VersionTags = '*' | number[];

/** RFC 7232 conditional headers of a PUT, PATCH or DELETE (RFC 7644 3.14). */
export interface Preconditions {
  ifMatch?: VersionTags;
  ifNoneMatch?: VersionTags;
}

// One entity-tag of a list: W/"3" or "3". Tags are compared weakly (RFC 7232 2.3.2), as SCIM's
// ETags are weak; a tag that is no version of ours (e.g. "abc") is kept as one that never matches.
const TAG = /^(?:W\/)?"([^"]*)"$/;

function parseTags(name: string, header: string | string[] | undefined): VersionTags | undefined {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (text === undefined || text.trim() === '') return undefined;
  if (text.trim() === '*') return '*';
  const versions: number[] = [];
  for (const item of text.split(',')) {
    const tag = TAG.exec(item.trim());
    // An If-Match that names nothing cannot hold; an If-None-Match that names nothing cannot fail.
    if (!tag && name === 'If-Match')
      throw new ScimError(412, `${name} ${text} names no version of this resource`);
    versions.push(tag && /^\d{1,15}$/.test(tag[1]!) ? Number(tag[1]) : -1);
  }
  return versions;
}

export function parsePreconditions(headers: {
  'if-match'?: string | string[];
  'if-none-match'?: string | string[];
}): Preconditions {
  return {
    ifMatch: parseTags('If-Match', headers['if-match']),
    ifNoneMatch: parseTags('If-None-Match', headers['if-none-match']),
  };
}

export function hasPreconditions(preconditions: Preconditions): boolean {
  return preconditions.ifMatch !== undefined || preconditions.ifNoneMatch !== undefined;
}

const shown = (versions: number[]) =>
  versions.map((v) => (v < 0 ? '(not a version)' : `W/"${v}"`)).join(', ');

/**
 * RFC 7232 3.1 and 3.2 on an existing resource at `current` (If-Match first, section 6): throws
 * 412 when they fail; else the version the write must still find (If-Match named versions), so
 * that a change made meanwhile fails it too. If-None-Match alone pins nothing: a version that
 * came after the check was not one the client named.
 */
export function checkPreconditions(preconditions: Preconditions, current: number): number | undefined {
  const { ifMatch, ifNoneMatch } = preconditions;
  if (Array.isArray(ifMatch) && !ifMatch.includes(current))
    throw new ScimError(412, `the resource is at version W/"${current}", not ${shown(ifMatch)}`);
  if (ifNoneMatch === '*')
    throw new ScimError(412, 'If-None-Match: * and the resource exists (RFC 7232 section 3.2)');
  if (ifNoneMatch?.includes(current))
    throw new ScimError(412, `If-None-Match names the current version W/"${current}"`);
  return Array.isArray(ifMatch) ? current : undefined;
}
