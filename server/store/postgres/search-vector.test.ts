import { describe, expect, it } from 'vitest';
import { toTsQuery } from './record-query';
import { searchWordsOf, tsvectorLiteral } from './search-vector';

describe('search vectors and queries for PostgreSQL', () => {
  it('splits on everything but letters and digits, lower-cases, and numbers positions', () => {
    expect(searchWordsOf('Zoë MÜLLER, cus-77 data.customer.city «Zanzibar»')).toEqual(['zoë', 'müller', 'cus', '77', 'data', 'customer', 'city', 'zanzibar']);
    expect(tsvectorLiteral('a b a')).toBe("'a':1,3 'b':2");
    expect(tsvectorLiteral("'; DROP TABLE x; -- \\ \"")).toBe("'drop':1 'table':2 'x':3");
    expect(tsvectorLiteral('')).toBe('');
  });

  it('keeps positions within what PostgreSQL stores', () => {
    const literal = tsvectorLiteral(Array.from({ length: 20_000 }, () => 'w').join(' '));
    const positions = literal.slice("'w':".length).split(',').map(Number);
    expect(positions).toHaveLength(256);
    expect(Math.max(...positions)).toBeLessThanOrEqual(16_383);
  });

  it('turns any input into a tsquery of the same words: terms as phrases, a trailing * as a prefix', () => {
    expect(toTsQuery('cus-77 Zanzibar')).toBe("('cus' <-> '77') & 'zanzibar'");
    expect(toTsQuery('zanzi*')).toBe("'zanzi':*");
    expect(toTsQuery("'; DROP TABLE records; --")).toBe("'drop' & 'table' & 'records'");
    expect(toTsQuery('*** ---')).toBeNull();
  });
});
