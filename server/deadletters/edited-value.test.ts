import { describe, expect, it } from 'vitest';
import { encodeEventyJson } from '../decode';
import { exampleEvent, exampleFields, exampleResponse } from '../decode/eventy-examples.fixture';
import { checkEditedValue } from './edited-value';

const asEvent = { kind: 'event' as const, record: exampleEvent };

describe('edited value check', () => {
  it('accepts a valid record of the same kind, re-encodes it exactly as eventy and lists what changed', () => {
    const edited = { ...exampleFields(exampleEvent), data: { ...exampleEvent.data, quantity: 3 } };
    const check = checkEditedValue(JSON.stringify(edited, null, 2), asEvent);
    if (!check.ok) throw new Error(check.reasons.join('; '));
    expect(check.bytes).toEqual(encodeEventyJson({ ...exampleEvent, data: edited.data }));
    expect(check.changes).toEqual([{ path: 'data.quantity', before: exampleEvent.data['quantity'], after: 3 }]);
    expect(check.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an extra JSON key, as eventy would', () => {
    const check = checkEditedValue(JSON.stringify({ ...exampleFields(exampleEvent), requeued_from: 'orders.dlq:0:1' }), asEvent);
    expect(check).toEqual({ ok: false, reasons: ['unknown field "requeued_from" ignored; eventy would reject this record'] });
  });

  it('refuses a record of another kind, invalid JSON and a missing field, with the reason', () => {
    expect(checkEditedValue(JSON.stringify(exampleFields(exampleResponse)), asEvent)).toEqual({ ok: false, reasons: ['the dead letter is of kind event, the edited value of kind response'] });
    expect(checkEditedValue('{"type": "EVENT",', asEvent)).toEqual({ ok: false, reasons: ['invalid JSON: unexpected end of input at position 17'] });
    const { name, ...withoutName } = exampleFields(exampleEvent);
    expect(name).toBeDefined();
    expect(checkEditedValue(JSON.stringify(withoutName), asEvent)).toEqual({ ok: false, reasons: ['not an Eventy record: missing field "name"'] });
  });

  it('accepts any valid kind in place of an undecodable dead letter', () => {
    const check = checkEditedValue(JSON.stringify(exampleFields(exampleResponse)), { kind: 'undecodable' });
    expect(check.ok).toBe(true);
  });
});
