import avro from 'avsc';
import { AvroFormatError } from './avro-bytes';

// Every eventy Avro value repeats its writer schema: parse each distinct schema once.
const CACHE_LIMIT = 200;
const cache = new Map<string, avro.Type>();

/** Parses the `avro.schema` header text as avsc would, after the one fix eventy's schemas need. */
export function parseWriterSchema(schemaText: string): avro.Type {
  const cached = cache.get(schemaText);
  if (cached) return cached;
  let schema: unknown;
  try {
    schema = JSON.parse(schemaText);
  } catch (error) {
    throw new AvroFormatError(`invalid Avro container: avro.schema is not JSON (${(error as Error).message})`);
  }
  let type: avro.Type;
  try {
    type = avro.Type.forSchema(replaceEmptyUnions(schema) as avro.Schema);
  } catch (error) {
    throw new AvroFormatError(`Avro writer schema rejected by avsc: ${(error as Error).message}`);
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(schemaText, type);
  return type;
}

/**
 * eventy types a Response's `data` as a union of `{"type": "map", "values": []}` and the data record.
 * Python accepts the empty union (such a map can only be empty); avsc refuses it. "null" values
 * read the same bytes for an empty map.
 */
function replaceEmptyUnions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.length === 0 ? 'null' : schema.map(replaceEmptyUnions);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = { ...schema };
  for (const key of ['type', 'items', 'values'] as const) {
    if (key in copy) copy[key] = replaceEmptyUnions(copy[key]);
  }
  if (Array.isArray(copy.fields)) {
    copy.fields = copy.fields.map((field: unknown) =>
      typeof field === 'object' && field !== null ? { ...field, type: replaceEmptyUnions((field as { type?: unknown }).type) } : field,
    );
  }
  return copy;
}

/** The Avro full name split as eventy reads it: `orders.OrderPlaced` → namespace `orders`, name `OrderPlaced`. */
export function splitAvroFullName(type: avro.Type): { namespace: string | null; name: string | null } {
  const fullName = type.name;
  if (fullName === undefined) return { namespace: null, name: null };
  const cut = fullName.lastIndexOf('.');
  return cut < 0 ? { namespace: null, name: fullName } : { namespace: fullName.slice(0, cut), name: fullName.slice(cut + 1) };
}
