import { describe, expect, it } from 'vitest';
import { diffLines, editableText, jsonProblem } from './value-diff';

describe('diffLines', () => {
  it('keeps equal lines and marks the changed ones', () => {
    const before = ['{', '  "a": 1,', '  "b": 2,', '  "c": 3', '}'].join('\n');
    const after = ['{', '  "a": 1,', '  "b": 20,', '  "c": 3,', '  "d": 4', '}'].join('\n');
    expect(diffLines(before, after)).toEqual([
      { op: 'same', text: '{' },
      { op: 'same', text: '  "a": 1,' },
      { op: 'removed', text: '  "b": 2,' },
      { op: 'removed', text: '  "c": 3' },
      { op: 'added', text: '  "b": 20,' },
      { op: 'added', text: '  "c": 3,' },
      { op: 'added', text: '  "d": 4' },
      { op: 'same', text: '}' },
    ]);
  });

  it('matches moved-around lines by longest common subsequence', () => {
    expect(diffLines('x\na\ny\nb', 'a\nz\nb').map((line) => `${line.op[0]}${line.text}`)).toEqual(['rx', 'sa', 'ry', 'az', 'sb']);
  });

  it('is all same for equal texts', () => {
    expect(diffLines('a\nb', 'a\nb').every((line) => line.op === 'same')).toBe(true);
  });
});

describe('editableText and jsonProblem', () => {
  it('pretty-prints a decoded record, else shows the raw bytes as text', () => {
    expect(editableText({ a: 1 }, null)).toBe('{\n  "a": 1\n}');
    expect(editableText(undefined, btoa('{"broken": '))).toBe('{"broken": ');
    expect(editableText(undefined, null)).toBe('');
  });

  it('says why text is not JSON', () => {
    expect(jsonProblem('{"a": 1}')).toBeNull();
    expect(jsonProblem('{"a": }')).toMatch(/JSON|token/i);
  });
});
