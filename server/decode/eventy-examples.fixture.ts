import type { EventyRecord } from './contract';

/** The three example records of protocol §2.2, as decoded records. */
const correlationId = 'orders:POST_/api/orders:q8Zr1YwK3bE';

export const exampleEvent: EventyRecord = {
  type: 'EVENT',
  namespace: 'urn:orders',
  name: 'OrderPlaced',
  protocol_version: '3.0.0',
  version: '1.0.0',
  source: 'urn:orders',
  uuid: '7f0c2a52-3d6e-4b8a-9c1e-5a4f2b9d8e61',
  correlation_id: correlationId,
  partition_key: 'order-1042',
  date_timestamp: 1705314600123,
  date_iso8601: '2024-01-15T10:30:00.123000+00:00',
  context: {},
  data: { order_id: 'order-1042', customer_id: 'cus-77', total_cents: 4599, currency: 'EUR' },
};

export const exampleRequest: EventyRecord = {
  type: 'REQUEST',
  namespace: 'urn:billing',
  name: 'ChargeCustomer',
  protocol_version: '3.0.0',
  version: '1.2.0',
  source: 'urn:orders',
  uuid: 'c3a1e9d4-8b2f-4f6a-a0d7-19e3b5c7f402',
  correlation_id: correlationId,
  partition_key: 'cus-77',
  date_timestamp: 1705314600150,
  date_iso8601: '2024-01-15T10:30:00.150000+00:00',
  context: { 'urn:orders': { user_id: 'u-981' } },
  data: { customer_id: 'cus-77', amount_cents: 4599, currency: 'EUR', order_id: 'order-1042' },
};

export const exampleResponse: EventyRecord = {
  type: 'RESPONSE',
  namespace: 'urn:billing',
  name: 'ChargeCustomerResult',
  protocol_version: '3.0.0',
  version: '1.2.0',
  source: 'urn:billing',
  uuid: '5be8f0a1-2c47-4d93-b6e5-0f8a7c3d2e19',
  correlation_id: correlationId,
  partition_key: 'cus-77',
  date_timestamp: 1705314600412,
  date_iso8601: '2024-01-15T10:30:00.412000+00:00',
  destination: 'urn:orders',
  request_uuid: 'c3a1e9d4-8b2f-4f6a-a0d7-19e3b5c7f402',
  ok: true,
  error_code: null,
  error_message: null,
  context: { 'urn:orders': { user_id: 'u-981' } },
  data: { charge_id: 'ch-5531', amount_cents: 4599 },
};

/** An example record as a plain object, to edit fields before serializing it with JSON.stringify. */
export function exampleFields(record: EventyRecord): Record<string, unknown> {
  return structuredClone(record) as unknown as Record<string, unknown>;
}
