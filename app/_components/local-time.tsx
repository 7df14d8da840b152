'use client';
import { useSyncExternalStore } from 'react';

const noSubscription = () => () => undefined;

function formatInViewerZone(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A time in the viewer's zone (the server renders UTC until the browser takes over), full ISO on hover. */
export function LocalTime({ iso }: { iso: string }) {
  const text = useSyncExternalStore(
    noSubscription,
    () => formatInViewerZone(iso),
    () => `${iso.replace('T', ' ').slice(0, 23)} UTC`,
  );
  return (
    <time dateTime={iso} title={iso}>
      {text}
    </time>
  );
}
