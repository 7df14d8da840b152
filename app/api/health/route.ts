import { respondWith } from '@/server/http/respond';
import { readHealth } from '@/server/runtime/health';

export const dynamic = 'force-dynamic';

export function GET() {
  return respondWith(readHealth);
}
