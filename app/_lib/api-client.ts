/** An API answer other than 2xx, with the server's reason (422 issues included) as the message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  error?: unknown;
  issues?: { path?: unknown[]; message?: unknown }[];
}

function describeFailure(status: number, body: ErrorBody | null): string {
  const reason = typeof body?.error === 'string' ? body.error : `the server answered ${status}`;
  const issues = (body?.issues ?? [])
    .map((issue) => `${(issue.path ?? []).join('.') || 'input'}: ${String(issue.message)}`)
    .join('; ');
  return issues ? `${reason} (${issues})` : reason;
}

/** GETs JSON from our own API; network failures and non-2xx answers become errors with a readable message. */
export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'cannot reach the Eventy Lens server — is it running?');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ErrorBody | null;
    throw new ApiError(response.status, describeFailure(response.status, body));
  }
  return (await response.json()) as T;
}
