import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Eventy Lens',
  description: 'Timeline, traces, flows, lag and dead letters of an Eventy system',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="shell-header">
          <a href="/" className="brand">
            Eventy Lens
          </a>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
