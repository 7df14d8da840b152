export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string | null;
}

// Same grammar as Python semver 3's VersionInfo.parse, which eventy uses.
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseSemVer(text: unknown): SemVer | null {
  if (typeof text !== 'string') return null;
  const match = SEMVER.exec(text);
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: match[4] ?? null };
}

/** `version < major.0.0` in SemVer order, where `3.0.0-rc.1 < 3.0.0`. */
export function isBeforeMajor(version: SemVer, major: number): boolean {
  if (version.major !== major) return version.major < major;
  return version.minor === 0 && version.patch === 0 && version.prerelease !== null;
}
