import { getAuthSettings, getLoginThrottle, signIn } from '@/server/auth';
import { respondWith } from '@/server/http/respond';
import { getLensRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return respondWith(() => signIn(request, { settings: getAuthSettings(), audit: getLensRuntime().audit, throttle: getLoginThrottle() }));
}
