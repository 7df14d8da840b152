/** Runs the built app (`next start`) for a bench: a free port, its own env, stopped with its whole process group. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { waitFor } from '../../testing/kafka-fixtures';

const repoRoot = path.resolve(__dirname, '../..');

export interface LensServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** The build `next start` would serve: NEXT_DIST_DIR if set, else `.next`; null when none was built there. */
export function builtDistDir(): string | null {
  const distDir = process.env.NEXT_DIST_DIR || '.next';
  return fs.existsSync(path.join(repoRoot, distDir, 'BUILD_ID')) ? distDir : null;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const healthSchema = z.object({ collector: z.object({ state: z.string() }) });

async function collectorState(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/health`);
  return healthSchema.parse(await response.json()).collector.state;
}

/** Starts `next start` with `env` added (NEXT_DIST_DIR passes through) and waits until /api/health says the collector is connected. */
export async function startLensServer(env: Record<string, string>, timeoutMs = 60_000): Promise<LensServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/next'), ['start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    // its own process group, so stopping it also stops the workers `next start` forks
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone already
    }
  };
  const stop = async () => {
    signalGroup('SIGTERM');
    const killed = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 5_000))]);
    if (killed) signalGroup('SIGKILL');
    await exited;
  };
  try {
    let state = 'not answering';
    const outcome = await waitFor(
      async () => {
        if (child.exitCode !== null) return 'exited';
        state = await collectorState(baseUrl).catch(() => state);
        return state === 'connected' && 'connected';
      },
      `the collector at ${baseUrl} to connect`,
      timeoutMs,
      250,
    );
    if (outcome === 'exited') throw new Error(`next start exited with ${child.exitCode}`);
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}\nnext start stderr:\n${stderr}`);
  }
  return { baseUrl, stop };
}
