import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type LensConfig } from '../config';
import { isLoopbackHost } from '../config/contract';
import { roles } from './contract';
import { parsePasswordHash } from './password';

const userSchema = z
  .object({
    name: z.string().min(1).max(200),
    role: z.enum(roles),
    passwordHash: z.string().refine((hash) => parsePasswordHash(hash) !== null, 'expected a hash from `npm run auth:hash-password`'),
  })
  .strict();
const tokenSchema = z
  .object({
    name: z.string().min(1).max(200),
    role: z.enum(roles),
    tokenSha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected the hex SHA-256 from `npm run auth:new-token`'),
  })
  .strict();

export type UserEntry = z.infer<typeof userSchema>;
export type TokenEntry = z.infer<typeof tokenSchema>;

export interface AuthSettings {
  /** loopback listener and no users or tokens: every request acts as the local operator */
  localMode: boolean;
  users: ReadonlyMap<string, UserEntry>;
  tokens: readonly TokenEntry[];
  sessionSecret: Buffer;
  trustProxy: boolean;
}

function readEntries<S extends z.ZodType>(file: string, variable: string, schema: S): z.infer<S>[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Invalid Eventy Lens configuration:\n  ${variable}: cannot read ${file} as JSON (${(error as Error).message})`);
  }
  const parsed = z.array(schema).safeParse(json);
  if (!parsed.success) {
    // issues name paths and rules only: never quote a value of a credentials file
    const lines = parsed.error.issues.map((issue) => `  ${variable} ${file} [${issue.path.join('.')}]: ${issue.message}`);
    throw new ConfigError(`Invalid Eventy Lens configuration:\n${lines.join('\n')}`);
  }
  const names = parsed.data.map((entry) => (entry as { name: string }).name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new ConfigError(`Invalid Eventy Lens configuration:\n  ${variable}: the name ${repeated} appears twice`);
  return parsed.data;
}

/**
 * LENS_SESSION_SECRET; else the shared database's (`shared`, read at start when LENS_DATABASE_URL is set); else a random
 * secret written once to `<dataDir>/session-secret` (mode 0600) and reused after restarts.
 */
function sessionSecret(config: LensConfig, shared: Buffer | undefined): Buffer {
  if (config.auth.sessionSecret) return Buffer.from(config.auth.sessionSecret, 'utf8');
  if (shared !== undefined) return shared;
  const file = path.join(/*turbopackIgnore: true*/ config.store.dataDir, 'session-secret');
  fs.mkdirSync(config.store.dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (secret.length < 16) throw new ConfigError(`Invalid Eventy Lens configuration:\n  ${file} holds no usable session secret; delete it to have a new one made`);
  return secret;
}

export function loadAuthSettings(config: LensConfig, sharedSessionSecret?: Buffer): AuthSettings {
  const users = config.auth.usersFile ? readEntries(config.auth.usersFile, 'LENS_AUTH_USERS_FILE', userSchema) : [];
  const tokens = config.auth.tokensFile ? readEntries(config.auth.tokensFile, 'LENS_API_TOKENS_FILE', tokenSchema) : [];
  const configured = config.auth.usersFile !== undefined || config.auth.tokensFile !== undefined;
  return {
    localMode: isLoopbackHost(config.auth.host) && !configured,
    users: new Map(users.map((user) => [user.name, user])),
    tokens,
    sessionSecret: sessionSecret(config, sharedSessionSecret),
    trustProxy: config.auth.trustProxy,
  };
}
