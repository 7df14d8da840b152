/** The traffic generator's settings, read from DEMO_* environment variables and validated. */
import { z } from 'zod';

const demoEnvSchema = z.object({
  DEMO_RATE: z.coerce.number().positive().max(1000).default(5),
  DEMO_MALFORMED_RATE: z.coerce.number().min(0).max(1).default(0.003),
  DEMO_DURATION_S: z.coerce.number().positive().optional(),
  DEMO_INSTANCES: z.coerce.number().int().min(1).max(8).default(3),
});

export interface DemoOptions {
  /** orders placed per second through the simulated HTTP entry point */
  ordersPerSecond: number;
  /** share of written records replaced by a broken value */
  malformedRate: number;
  /** stop after this many seconds; run until a signal when absent */
  durationS: number | undefined;
  /** consumer instances per service, like pods sharing the service's group */
  instancesPerService: number;
}

export class DemoOptionsError extends Error {}

export function parseDemoOptions(env: Record<string, string | undefined>): DemoOptions {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('DEMO_') && v !== undefined && v.trim() !== ''));
  const parsed = demoEnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new DemoOptionsError(`Invalid demo settings:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return { ordersPerSecond: e.DEMO_RATE, malformedRate: e.DEMO_MALFORMED_RATE, durationS: e.DEMO_DURATION_S, instancesPerService: e.DEMO_INSTANCES };
}
