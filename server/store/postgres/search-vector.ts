/**
 * Full-text search in PostgreSQL without its text parser: the words are split and lower-cased here, the same way
 * for the stored vector and for queries, and handed over as tsvector / tsquery literals. PostgreSQL's parser
 * (to_tsvector) cost ~40% of an insert, and under a C locale it does not see non-ASCII letters as letters.
 */

const word = /[\p{L}\p{N}\p{Co}]+/gu;
/** PostgreSQL keeps positions up to 16383 and 256 of them per lexeme; a lexeme is under 2 KiB */
const maxPosition = 16_383;
const maxPositionsPerWord = 256;
const maxWordChars = 500;

/** The words of `text` as search sees them: runs of letters, digits and private-use characters, lower-cased. */
export function searchWordsOf(text: string): string[] {
  return (text.match(word) ?? []).map((w) => w.toLowerCase()).filter((w) => w.length <= maxWordChars);
}

/** A tsvector literal of the words of `text` with their positions (phrase queries need them). */
export function tsvectorLiteral(text: string): string {
  const positions = new Map<string, number[]>();
  let position = 0;
  for (const w of searchWordsOf(text)) {
    position = Math.min(position + 1, maxPosition);
    const list = positions.get(w);
    if (list === undefined) positions.set(w, [position]);
    else if (list.length < maxPositionsPerWord && list.at(-1) !== position) list.push(position);
  }
  // words hold letters and digits only: nothing to escape inside the quotes
  return [...positions].map(([w, list]) => `'${w}':${list.join(',')}`).join(' ');
}
