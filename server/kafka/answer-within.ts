/**
 * The broker's answer, or null when it is not there within `timeoutMs` (or failed, after `onError`):
 * an unreachable broker must not hold a page for its whole retry schedule.
 */
export async function answerWithin<T>(read: Promise<T>, timeoutMs: number, onError: (error: unknown) => void): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
  const settled = read.catch((error: unknown) => {
    onError(error);
    return null;
  });
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
