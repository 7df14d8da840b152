import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { getLensRuntime } from '@/server/runtime';
import { CollectorBadge } from './_components/collector-badge';
import { NavLinks } from './_components/nav-links';
import { SignedInAs } from './_components/signed-in-as';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Eventy Lens', template: '%s · Eventy Lens' },
  description: 'Timeline, traces, flows, lag and dead letters of an Eventy system',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection(); // rendered per request: the runtime (Kafka, store) never starts at build time
  const { state } = getLensRuntime().collector.status();
  return (
    <html lang="en">
      <body>
        <Providers>
          <header className="shell-header">
            <Link href="/" className="brand">
              Eventy Lens
            </Link>
            <NavLinks />
            <CollectorBadge initialState={state} />
            <SignedInAs />
          </header>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
