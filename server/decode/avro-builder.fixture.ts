import { deflateRawSync, zstdCompressSync } from 'node:zlib';
import avro from 'avsc';

type Kind = 'EVENT' | 'REQUEST' | 'RESPONSE';

const headerType = avro.Type.forSchema({
  type: 'record',
  name: 'org.apache.avro.file.Header',
  fields: [
    { name: 'magic', type: { type: 'fixed', name: 'Magic', size: 4 } },
    { name: 'meta', type: { type: 'map', values: 'bytes' } },
    { name: 'sync', type: { type: 'fixed', name: 'Sync', size: 16 } },
  ],
});
const longType = avro.Type.forSchema('long');

/** The writer schema eventy 3.4.0's `_gen_avro_schema_v3` builds for an `.evsc.yaml` schema (protocol §2.3). */
export function eventySchemaV3(kind: Kind, namespace: string, name: string, dataFields: object[]): Record<string, unknown> {
  const avroNamespace = namespace.replace('urn:', '').replaceAll(':', '.').replaceAll('-', '_');
  const dataRecord = { type: 'record', name: `${name}_data`, namespace: avroNamespace, fields: dataFields };
  const responseFields = [
    { name: 'destination', type: 'string' },
    { name: 'request_uuid', type: 'string' },
    { name: 'ok', type: 'boolean' },
    { name: 'error_code', type: ['null', 'int'] },
    { name: 'error_message', type: ['null', 'string'] },
  ];
  return {
    name,
    namespace: avroNamespace,
    type: 'record',
    fields: [
      { name: 'record_namespace', type: 'string' },
      { name: 'record_name', type: 'string' },
      { name: 'type', type: { name: 'RecordType', type: 'enum', symbols: [kind] } },
      ...['protocol_version', 'version', 'source'].map((field) => ({ name: field, type: 'string' })),
      { name: 'uuid', type: 'string', logicalType: 'uuid' },
      { name: 'correlation_id', type: 'string' },
      { name: 'partition_key', type: ['string', 'null'] },
      { name: 'date_timestamp', type: 'long', logicalType: 'timestamp-millis' },
      { name: 'date_iso8601', type: 'string' },
      ...(kind === 'RESPONSE' ? responseFields : []),
      {
        name: 'context',
        type: { type: 'map', values: { type: 'map', values: ['string', 'double', 'float', 'long', 'int', 'boolean', 'null'] } },
      },
      { name: 'data', type: kind === 'RESPONSE' ? [{ type: 'map', values: [] }, dataRecord] : dataRecord },
    ],
  };
}

/**
 * An Avro Object Container File with one block of one datum, laid out as Python's DataFileWriter
 * writes it. The datum is encoded by avsc with wrapped unions (`{string: "x"}`), from the schema
 * with eventy's empty union made "null", which encodes an empty map identically.
 */
export function buildAvroContainer(
  schema: unknown,
  datum: unknown,
  options: { codec?: 'null' | 'deflate' | 'zstandard'; objectCount?: number; sync?: Buffer; editDatum?: (raw: Buffer) => Buffer } = {},
): Buffer {
  const codec = options.codec ?? 'null';
  const sync = options.sync ?? Buffer.from('0123456789abcdef');
  const schemaText = JSON.stringify(schema);
  const encodingType = avro.Type.forSchema(JSON.parse(schemaText.replaceAll('"values":[]', '"values":"null"')) as avro.Schema, { wrapUnions: true });
  const raw = (options.editDatum ?? ((bytes) => bytes))(encodingType.toBuffer(datum));
  const block = codec === 'deflate' ? deflateRawSync(raw) : codec === 'zstandard' ? zstdCompressSync(raw) : raw;
  const header = headerType.toBuffer({
    magic: Buffer.from('Obj\x01', 'latin1'),
    meta: { 'avro.schema': Buffer.from(schemaText), 'avro.codec': Buffer.from(codec) },
    sync,
  });
  return Buffer.concat([header, longType.toBuffer(options.objectCount ?? 1), longType.toBuffer(block.length), block, sync]);
}
