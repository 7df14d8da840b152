import { randomUUID } from 'node:crypto';
import { eventView, requestView, responseView } from '../link/trace-records.fixture';
import type { RecordView } from '../store/contract';

/** The link fixture's records, each with a random uuid: the fixture's uuids share their first 16 hex digits, so their derived span ids. */
type Fields = NonNullable<Parameters<typeof eventView>[3]>;

const unique = (fields: Fields = {}): Fields => ({ ...fields, record: { uuid: randomUUID(), ...fields.record } });

export const anEvent = (service: string, name: string, atMs: number, fields?: Fields): RecordView => eventView(service, name, atMs, unique(fields));
export const aRequest = (from: string, to: string, name: string, atMs: number, fields?: Fields): RecordView => requestView(from, to, name, atMs, unique(fields));
export const aResponse = (request: RecordView, atMs: number, fields?: Fields): RecordView => responseView(request, atMs, unique(fields));
