import { loadConfig } from '../config';
import { loadAuthSettings, type AuthSettings } from './auth-settings';
import { createLoginThrottle, type LoginThrottle } from './login-throttle';

const settingsKey = Symbol.for('eventy-lens.auth-settings');
type GlobalWithSettings = typeof globalThis & { [settingsKey]?: AuthSettings };

/** The process-wide auth settings, read once (users and tokens files, session secret); restart to apply changes. */
export function getAuthSettings(): AuthSettings {
  const holder = globalThis as GlobalWithSettings;
  holder[settingsKey] ??= loadAuthSettings(loadConfig());
  return holder[settingsKey];
}

const throttleKey = Symbol.for('eventy-lens.login-throttle');
type GlobalWithThrottle = typeof globalThis & { [throttleKey]?: LoginThrottle };

export function getLoginThrottle(): LoginThrottle {
  const holder = globalThis as GlobalWithThrottle;
  holder[throttleKey] ??= createLoginThrottle();
  return holder[throttleKey];
}
