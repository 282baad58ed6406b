import { FilterError } from './filter.error';

/**
 * A word is an attribute path, an operator, a keyword or true/false/null: the parser gives it its
 * role by position, so an attribute may be named like an operator.
 */
export type FilterToken =
  | { kind: 'word'; text: string; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'number'; value: number; text: string; start: number; end: number }
  | { kind: '(' | ')' | '[' | ']' | 'end'; start: number; end: number };

// ATTRNAME chars (RFC 7644 3.4.2.2), plus ":" and "." of URN prefixes and sub-attributes, "$" of $ref.
const WORD_START = /[A-Za-z$_.]/;
const WORD_CHAR = /[A-Za-z0-9$_.:-]/;
// The rest of a word, in one match from its second character.
const WORD_REST = /[A-Za-z0-9$_.:-]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /\s/;
const PUNCTUATION = new Set(['(', ')', '[', ']']);

const JSON_ESCAPES = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

export function tokenizeFilter(text: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text.charAt(at);
    if (WHITESPACE.test(char)) {
      at += 1;
    } else if (PUNCTUATION.has(char)) {
      tokens.push({ kind: char as '(' | ')' | '[' | ']', start: at, end: at + 1 });
      at += 1;
    } else if (char === '"') {
      const token = readString(text, at);
      tokens.push(token);
      at = token.end;
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      const token = readNumber(text, at);
      tokens.push(token);
      at = token.end;
    } else if (WORD_START.test(char)) {
      WORD_REST.lastIndex = at + 1;
      WORD_REST.exec(text);
      const end = WORD_REST.lastIndex;
      tokens.push({ kind: 'word', text: text.slice(at, end), start: at, end });
      at = end;
    } else {
      throw new FilterError(`Unexpected character "${char}"`, at);
    }
  }
  tokens.push({ kind: 'end', start: text.length, end: text.length });
  return tokens;
}

/** Copies runs of plain characters whole: most strings (a userName) are one run. */
function readString(text: string, start: number): FilterToken {
  let value = '';
  let at = start + 1;
  let run = at;
  while (at < text.length) {
    const char = text.charAt(at);
    if (char === '"') return { kind: 'string', value: value + text.slice(run, at), start, end: at + 1 };
    if (char !== '\\') {
      at += 1;
      continue;
    }
    value += text.slice(run, at);
    const escaped = text.charAt(at + 1);
    if (escaped === 'u') {
      const hex = text.slice(at + 2, at + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new FilterError('Invalid \\u escape in string', at);
      value += String.fromCharCode(parseInt(hex, 16));
      at += 6;
    } else {
      const unescaped = JSON_ESCAPES.get(escaped);
      if (unescaped === undefined) throw new FilterError(`Invalid escape "\\${escaped}" in string`, at);
      value += unescaped;
      at += 2;
    }
    run = at;
  }
  throw new FilterError('Unterminated string', start);
}

function readNumber(text: string, start: number): FilterToken {
  NUMBER.lastIndex = start;
  const match = NUMBER.exec(text);
  const end = match ? start + match[0].length : start;
  if (!match || (end < text.length && WORD_CHAR.test(text.charAt(end)))) {
    throw new FilterError('Invalid number', start);
  }
  return { kind: 'number', value: Number(match[0]), text: match[0], start, end };
}
