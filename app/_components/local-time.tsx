'use client';
import { useSyncExternalStore } from 'react';

const noSubscription = () => () => undefined;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function formatInViewerZone(iso: string, compact: boolean): string {
  const date = new Date(iso);
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  if (!compact) return `${day} ${time}`;
  const now = new Date();
  const today = date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
  return today ? time : `${day.slice(5)} ${time}`;
}

/**
 * A time in the viewer's zone (the server renders UTC until the browser takes over), full ISO on hover.
 * `compact` drops today's date, for dense tables.
 */
export function LocalTime({ iso, compact = false }: { iso: string; compact?: boolean }) {
  const text = useSyncExternalStore(
    noSubscription,
    () => formatInViewerZone(iso, compact),
    () => `${iso.replace('T', ' ').slice(compact ? 11 : 0, 23)} UTC`,
  );
  return (
    <time dateTime={iso} title={iso}>
      {text}
    </time>
  );
}
