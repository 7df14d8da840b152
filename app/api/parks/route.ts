import { handleListParks } from '@/server/deadletters/park-http';

export const dynamic = 'force-dynamic';

/** Parks newest first, `?group=&topic=&limit=`. */
export function GET(request: Request) {
  return handleListParks(request);
}
