// The registry reachable here serves Next's SWC binaries for Linux only, so `npm install` drops the
// darwin/win32 ones from package-lock.json and `npm ci` then refuses the lockfile as out of sync.
// Run after `npm install`: it lists the missing ones as optional entries (npm ci skips them on Linux).
import fs from 'node:fs';

const lockPath = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const next = lock.packages['node_modules/next'];
const platformOf = (name) => {
  const match = /^@next\/swc-(darwin|win32|linux)-(arm64|x64)/.exec(name);
  return match && { os: [match[1]], cpu: [match[2]] };
};
let added = 0;
for (const [name, version] of Object.entries(next?.optionalDependencies ?? {})) {
  const platform = platformOf(name);
  if (!platform || lock.packages[`node_modules/${name}`]) continue;
  lock.packages[`node_modules/${name}`] = { version, ...platform, license: 'MIT', optional: true, engines: { node: '>= 10' } };
  added += 1;
}
if (added > 0) {
  const entries = Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
  lock.packages = Object.fromEntries(entries);
  fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(`package-lock.json: ${added} foreign-platform SWC entries added`);
