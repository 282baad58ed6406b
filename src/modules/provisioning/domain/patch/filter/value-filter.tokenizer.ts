import { JsonValue } from '../json';
import { ScimPatchError } from '../scim-patch.error';

export type FilterToken =
  | { kind: 'lparen' | 'rparen' | 'end'; position: number }
  | { kind: 'word'; text: string; position: number }
  | { kind: 'string'; value: JsonValue; position: number };

const WORD_END = /[\s()"]/;

export function tokenizeFilter(text: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) i++;
    else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'lparen' : 'rparen', position: i });
      i++;
    } else if (ch === '"') {
      const end = closingQuote(text, i);
      tokens.push({ kind: 'string', value: parseJsonString(text.slice(i, end + 1), text), position: i });
      i = end + 1;
    } else {
      let end = i;
      while (end < text.length && !WORD_END.test(text[end])) end++;
      tokens.push({ kind: 'word', text: text.slice(i, end), position: i });
      i = end;
    }
  }
  tokens.push({ kind: 'end', position: text.length });
  return tokens;
}

/** Index of the quote closing the string that opens at `start` (backslash escapes skipped). */
export function closingQuote(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  throw new ScimPatchError('invalidPath', `Unterminated string in filter "${text}"`);
}

function parseJsonString(literal: string, filter: string): JsonValue {
  try {
    return JSON.parse(literal) as JsonValue;
  } catch {
    throw new ScimPatchError('invalidPath', `Invalid string ${literal} in filter "${filter}"`);
  }
}
