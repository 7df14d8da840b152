export { loadConfig, describeConfig, ConfigError } from './load-config';
export type { LensConfig } from './contract';
