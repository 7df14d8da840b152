import type { DecodedValue } from '../decode/contract';
import type { RecordFilter, RecordView } from './contract';
import { extractSearchText, splitSearchTerms } from './sqlite/search-text';

/**
 * Whether a record passes the filters of a query, as `queryRecords` would judge it, for records that
 * arrive live and never go through SQL. Paging fields (limit, cursor) are ignored.
 *
 * `q` follows the store's FTS5 match: the same text (extractSearchText), split into words as the
 * unicode61 tokenizer does (letters, digits and private-use characters; case and diacritics folded),
 * each term of `q` a phrase of consecutive words, a trailing `*` a prefix of its last word.
 * Approximations: diacritics are folded in every script, not only Latin; an undecodable record's raw
 * bytes are not in a RecordView, so `q` sees only its key and reason; a key shown as `base64:…`
 * (not UTF-8) is not searched, as the store does not index it.
 */
export function recordMatchesQuery(view: RecordView, query: RecordFilter): boolean {
  const record = view.record;
  if (query.topic !== undefined && view.topic !== query.topic) return false;
  if (query.kind !== undefined && view.kind !== query.kind) return false;
  if (query.key !== undefined && view.key !== query.key) return false;
  if (query.source !== undefined && record?.source !== query.source) return false;
  if (query.destination !== undefined && record?.destination !== query.destination) return false;
  if (query.service !== undefined && record?.source !== query.service && record?.destination !== query.service) return false;
  if (query.name !== undefined && record?.name !== query.name) return false;
  if (query.correlationId !== undefined && record?.correlation_id !== query.correlationId) return false;
  if (query.uuid !== undefined && record?.uuid !== query.uuid) return false;
  if (query.requestUuid !== undefined && record?.request_uuid !== query.requestUuid) return false;
  if (query.header !== undefined && !hasHeader(view, query.header, query.headerValue)) return false;
  if (query.ok !== undefined && (typeof record?.ok !== 'boolean' || record.ok !== query.ok)) return false;
  if (query.from !== undefined || query.to !== undefined) {
    const ms = Date.parse(view.timestamp);
    if (query.from !== undefined && ms < Date.parse(query.from)) return false;
    if (query.to !== undefined && ms > Date.parse(query.to)) return false;
  }
  return query.q === undefined || matchesText(view, query.q);
}

function hasHeader(view: RecordView, name: string, value: string | undefined): boolean {
  return view.headers.some((header) => header.key === name && (value === undefined || header.value === value));
}

function matchesText(view: RecordView, q: string): boolean {
  const terms = splitSearchTerms(q);
  if (terms.length === 0) return false;
  const words = wordsOf(view);
  return terms.every(({ text, prefix }) => containsPhrase(words, searchWords(text), prefix));
}

/** One live view is matched by every open stream: its words are worked out once. */
const wordCache = new WeakMap<RecordView, string[]>();

function wordsOf(view: RecordView): string[] {
  let words = wordCache.get(view);
  if (words === undefined) {
    const key = view.key !== null && !view.key.startsWith('base64:') ? view.key : null;
    words = searchWords(extractSearchText(decodedOf(view), key, null));
    wordCache.set(view, words);
  }
  return words;
}

function decodedOf(view: RecordView): DecodedValue {
  if (view.record === undefined || view.kind === 'undecodable') {
    return { kind: 'undecodable', format: view.format, reason: view.error ?? '' };
  }
  return { kind: view.kind, format: view.format === 'unknown' ? 'json' : view.format, legacy: view.legacy, record: view.record, dateMs: null, warnings: [] };
}

const combiningMarks = /\p{M}/gu;
const wordPattern = /[\p{L}\p{N}\p{Co}]+/gu;

/** Words as FTS5's unicode61 tokenizer (remove_diacritics) indexes them: folded to lower case without marks. */
export function searchWords(text: string): string[] {
  return text.normalize('NFD').replace(combiningMarks, '').toLowerCase().match(wordPattern) ?? [];
}

function containsPhrase(words: readonly string[], phrase: readonly string[], prefix: boolean): boolean {
  if (phrase.length === 0) return false;
  const last = phrase.length - 1;
  for (let start = 0; start + last < words.length; start++) {
    let i = 0;
    while (i < last && words[start + i] === phrase[i]) i++;
    if (i < last) continue;
    const word = words[start + last]!;
    if (prefix ? word.startsWith(phrase[last]!) : word === phrase[last]) return true;
  }
  return false;
}
