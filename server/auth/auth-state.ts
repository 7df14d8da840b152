import { loadConfig } from '../config';
import { loadAuthSettings, type AuthSettings } from './auth-settings';
import { waitForSharedSessionSecret } from './shared-session-secret';
import { createLoginThrottle, type LoginThrottle } from './login-throttle';
import { createPostgresLoginThrottle } from './postgres-login-throttle';

const settingsKey = Symbol.for('eventy-lens.auth-settings');
type GlobalWithSettings = typeof globalThis & { [settingsKey]?: AuthSettings };

/** The process-wide auth settings, read once (users and tokens files, session secret); restart to apply changes. */
export function getAuthSettings(): AuthSettings {
  const holder = globalThis as GlobalWithSettings;
  holder[settingsKey] ??= loadAuthSettings(loadConfig());
  return holder[settingsKey];
}

/**
 * Reads the auth settings at start, before the first request. In a shared setup with sign-in and no
 * LENS_SESSION_SECRET, the session secret comes from the shared database, so every dashboard accepts every session.
 */
export async function prepareAuthSettings(): Promise<AuthSettings> {
  const holder = globalThis as GlobalWithSettings;
  if (holder[settingsKey] !== undefined) return holder[settingsKey];
  const config = loadConfig();
  const signsIn = config.auth.usersFile !== undefined || config.auth.tokensFile !== undefined;
  const url = config.store.databaseUrl;
  const shared = url !== undefined && signsIn && !config.auth.sessionSecret ? await waitForSharedSessionSecret(url) : undefined;
  holder[settingsKey] ??= loadAuthSettings(config, shared);
  return holder[settingsKey];
}

const throttleKey = Symbol.for('eventy-lens.login-throttle');
type GlobalWithThrottle = typeof globalThis & { [throttleKey]?: LoginThrottle };

/** The process-wide sign-in throttle: in the shared database when there is one (one throttle for every instance), else in memory. */
export function getLoginThrottle(): LoginThrottle {
  const holder = globalThis as GlobalWithThrottle;
  const url = loadConfig().store.databaseUrl;
  holder[throttleKey] ??= url === undefined ? createLoginThrottle() : createPostgresLoginThrottle({ url });
  return holder[throttleKey];
}
