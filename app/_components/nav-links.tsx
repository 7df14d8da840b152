'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const links = [
  { href: '/', label: 'Overview' },
  { href: '/records', label: 'Records' },
  { href: '/traces', label: 'Traces' },
  { href: '/flows', label: 'Flows' },
  { href: '/lag', label: 'Lag' },
  { href: '/dead-letters', label: 'Dead letters' },
  { href: '/replays', label: 'Replays' },
  { href: '/audit', label: 'Audit' },
] as const;

function isCurrent(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="main" className="shell-nav">
      {links.map(({ href, label }) => (
        <Link key={href} href={href} aria-current={isCurrent(pathname, href) ? 'page' : undefined}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
