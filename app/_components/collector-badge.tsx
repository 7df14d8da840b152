'use client';
import { useQuery } from '@tanstack/react-query';
import type { CollectorState } from '@/server/ingest/contract';
import { healthQueryOptions } from '../_lib/queries';

const stateText: Record<CollectorState, string> = {
  starting: 'starting',
  'waiting-for-topics': 'waiting for topics',
  connected: 'connected',
  reconnecting: 'reconnecting',
  'broker-down': 'broker down',
  'store-down': 'store down',
  stopped: 'stopped',
  disabled: 'collector off',
};

/** The collector's connection state on every page, polled every 5 s; the server renders the first value. */
export function CollectorBadge({ initialState }: { initialState: CollectorState }) {
  const health = useQuery(healthQueryOptions());
  const state = health.data?.collector.state ?? initialState;
  const unreachable = health.isError && health.failureCount > 0;
  const title = unreachable
    ? `cannot reach the Eventy Lens server: ${health.error.message}`
    : (health.data?.collector.lastError ?? `collector ${stateText[state]}`);
  return (
    <span className={`shell-state state ${unreachable ? 'broker-down' : state}`} data-testid="shell-collector-state" data-state={state} title={title} role="status">
      <span className="dot" aria-hidden="true" />
      {unreachable ? 'server unreachable' : stateText[state]}
    </span>
  );
}
