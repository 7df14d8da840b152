import { afterEach, describe, expect, it, vi } from 'vitest';
import { installGracefulShutdown, type SignalTarget } from './shutdown';

function fakeProcess() {
  const listeners = new Map<string, () => void>();
  const exits: number[] = [];
  const target: SignalTarget = {
    once: (signal, listener) => listeners.set(signal, listener),
    exit: (code) => void exits.push(code),
  };
  return { target, exits, send: (signal: 'SIGTERM' | 'SIGINT') => listeners.get(signal)?.() };
}

afterEach(() => vi.useRealTimers());

describe('installGracefulShutdown', () => {
  it('closes the runtime before exiting with the signal exit code', async () => {
    const proc = fakeProcess();
    const order: string[] = [];
    installGracefulShutdown(proc.target, { close: () => Promise.resolve(void order.push('closed')), timeoutMs: 10_000 });
    proc.send('SIGTERM');
    expect(proc.exits).toEqual([]);
    await vi.waitFor(() => expect(proc.exits).toEqual([143]));
    expect(order).toEqual(['closed']);
  });

  it('exits after the timeout when closing hangs', async () => {
    vi.useFakeTimers();
    const proc = fakeProcess();
    installGracefulShutdown(proc.target, { close: () => new Promise(() => undefined), timeoutMs: 5_000 });
    proc.send('SIGINT');
    await vi.advanceTimersByTimeAsync(4_999);
    expect(proc.exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(proc.exits).toEqual([130]);
  });

  it('still exits when closing fails, and reports the error', async () => {
    const proc = fakeProcess();
    const errors: unknown[] = [];
    installGracefulShutdown(proc.target, { close: () => Promise.reject(new Error('store busy')), timeoutMs: 10_000, onError: (e) => errors.push(e) });
    proc.send('SIGTERM');
    await vi.waitFor(() => expect(proc.exits).toEqual([143]));
    expect(String(errors[0])).toContain('store busy');
  });
});
