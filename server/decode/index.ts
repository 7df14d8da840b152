export { decodeEventyValue } from './decode-value';
export { encodeEventyJson } from './encode-json';
export { formatEventyDateIso } from './eventy-date';
export type { DecodedRecord, DecodedValue, EventyRecord, EventyType, RecordKind, UndecodableValue, ValueFormat } from './contract';
export { recordKinds } from './contract';
