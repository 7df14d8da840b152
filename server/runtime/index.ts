import 'server-only';
import { loadConfig } from '../config';
import { createLensRuntime, type LensRuntime } from './create-runtime';

const runtimeKey = Symbol.for('eventy-lens.runtime');
type GlobalWithRuntime = typeof globalThis & { [runtimeKey]?: LensRuntime };

/** The process-wide runtime, kept on globalThis so hot reloads and route bundles share one collector. */
export function getLensRuntime(): LensRuntime {
  const holder = globalThis as GlobalWithRuntime;
  holder[runtimeKey] ??= createLensRuntime(loadConfig());
  return holder[runtimeKey];
}

export type { LensRuntime } from './create-runtime';
