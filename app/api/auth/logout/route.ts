import { authorizeRequest, getAuthSettings, signedOutResponse } from '@/server/auth';
import { respondWith } from '@/server/http/respond';
import { getLensRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  const auth = await authorizeRequest(request, 'viewer');
  if (!auth.ok) return auth.response;
  return respondWith(async () => {
    await getLensRuntime().audit.append({ actor: auth.actor, origin: auth.origin, action: 'logout', target: auth.actor.name, result: 'ok' });
    return signedOutResponse(request, getAuthSettings());
  });
}
