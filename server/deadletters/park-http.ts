import 'server-only';
import { NextResponse } from 'next/server';
import type { AuditEntryInput } from '../audit';
import { authorizeRequest } from '../auth';
import { parseInput, parseSearchParams, respondWith } from '../http/respond';
import { getLensRuntime } from '../runtime';
import { createLogger } from '../telemetry/logger';
import { parkBodySchema, parkListQuerySchema, parkPathSchema } from './contract';
import type { ParkOutcome } from './park';

const log = createLogger('park');

type Audited = Pick<AuditEntryInput, 'action' | 'target'>;

async function readJson(request: Request): Promise<unknown> {
  return request.json().catch(() => undefined);
}

/** Runs an audited park action: one audit entry per attempt, invalid input and failures included. */
async function audited(request: Request, what: Audited, work: (actor: string) => Promise<ParkOutcome | NextResponse>, details: Record<string, unknown>): Promise<Response> {
  const auth = await authorizeRequest(request, 'operator');
  if (!auth.ok) return auth.response;
  const { audit } = getLensRuntime();
  const append = (result: AuditEntryInput['result'], more: Record<string, unknown>) =>
    audit.append({ actor: auth.actor, origin: auth.origin, ...what, result, details: { ...details, ...more } }).catch((error: unknown) => log.error('audit append failed', { error }));
  return respondWith(async () => {
    let outcome: ParkOutcome | NextResponse;
    try {
      outcome = await work(auth.actor.name);
    } catch (error) {
      await append('failed', { error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    if (outcome instanceof NextResponse) {
      await append('refused', { status: outcome.status, reason: 'invalid input' });
      return outcome;
    }
    if (!outcome.ok) {
      await append('refused', { status: outcome.status, reason: outcome.refusal.reason, error: outcome.refusal.error, members: outcome.refusal.members?.length });
      return NextResponse.json(outcome.refusal, { status: outcome.status });
    }
    const { status, park, committedOffset } = outcome.answer;
    await append('ok', { status, parkId: park.id, deadLetterId: park.deadLetterId, committedOffset });
    return NextResponse.json(outcome.answer);
  });
}

/** `POST /api/stuck/{group}/{topic}/{partition}/park` with `{ "offset": n }`. */
export async function handlePark(request: Request, rawParams: Record<string, string>): Promise<Response> {
  const target = `${rawParams['group'] ?? ''}/${rawParams['topic'] ?? ''}/${rawParams['partition'] ?? ''}`;
  const body = await readJson(request);
  const offset = typeof body === 'object' && body !== null && 'offset' in body ? body.offset : undefined;
  return audited(
    request,
    { action: 'stuck.park', target },
    async (actor) => {
      const params = parseInput(parkPathSchema, rawParams, 'invalid path');
      if (!params.ok) return params.response;
      const input = parseInput(parkBodySchema, body, 'invalid request body');
      if (!input.ok) return input.response;
      const { group, topic, partition } = params.data;
      return getLensRuntime().parks.park({ groupId: group, topic, partition }, input.data.offset, actor);
    },
    { offset },
  );
}

/** `POST /api/parks/{id}/undo`. */
export async function handleUndoPark(request: Request, id: string): Promise<Response> {
  // only names the audit target: an unreadable log fails the undo itself, audited as failed
  const park = await getLensRuntime().parks.get(id).catch(() => null);
  const target = park === null ? id : `${park.groupId}/${park.topic}/${park.partition}`;
  return audited(request, { action: 'stuck.unpark', target }, (actor) => getLensRuntime().parks.undo(id, actor), { parkId: id, offset: park?.offset });
}

/** `GET /api/parks?group=&topic=&limit=`: newest first. */
export async function handleListParks(request: Request): Promise<Response> {
  const auth = await authorizeRequest(request, 'viewer');
  if (!auth.ok) return auth.response;
  const query = parseSearchParams(parkListQuerySchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  return respondWith(async () => ({ items: await getLensRuntime().parks.list(query.data) }));
}
