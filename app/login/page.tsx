import type { Metadata } from 'next';
import Link from 'next/link';
import { getAuthSettings } from '@/server/auth';
import { safeNextPath } from '@/server/auth/gate';
import { LoginForm } from './login-form';
import styles from './login.module.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const nextParam = (await searchParams)['next'];
  const next = safeNextPath(typeof nextParam === 'string' ? nextParam : undefined);
  if (getAuthSettings().localMode) {
    return (
      <div className={styles.panel}>
        <h1>No sign-in needed</h1>
        <p>
          Eventy Lens runs in local mode: it listens on a loopback address and has no users or API tokens configured, so everyone on
          this machine acts as the local operator.
        </p>
        <Link href={next}>Continue</Link>
      </div>
    );
  }
  return (
    <div className={styles.panel}>
      <h1>Sign in to Eventy Lens</h1>
      <LoginForm next={next} />
    </div>
  );
}
