// ASCII text is already NFC, and its lower case has no context: the usual case, kept fast.
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The key under which caseExact=false text (RFC 7643 2.2: userName, emails, displayName) is
 * compared, indexed and held unique: one key for every spelling a person would call the same.
 *
 * - NFC first: RFC 7644 7.8 prepares userNames with PRECIS (RFC 8265), which normalizes to NFC,
 *   so "é" sent as e + U+0301 is the "é" Entra sends as one code point.
 * - Then lower case, with the final sigma ς (what toLowerCase makes of Σ at the end of a word) as
 *   σ: otherwise a part of a value ("ΣΩΚΡΑΤΗΣ" in "ΣΩΚΡΑΤΗΣ.X") folds differently from the whole.
 *
 * Full Unicode case folding (ß = ss, ﬁ = fi) is not applied, as in RFC 8265's toLowerCase.
 */
export function caselessKey(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  const lower = text.normalize('NFC').toLowerCase();
  return lower.includes('ς') ? lower.replaceAll('ς', 'σ') : lower;
}
