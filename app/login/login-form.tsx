'use client';
import { useState } from 'react';
import styles from './login.module.css';

/** Posts JSON to /api/auth/login; on success loads `next` in full, so every server component renders for the new user. */
export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ name: form.get('name'), password: form.get('password') }),
      });
      if (response.ok) {
        window.location.assign(next);
        return;
      }
      const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
      setError(typeof body?.error === 'string' ? body.error : `sign-in failed (${response.status})`);
    } catch {
      setError('cannot reach the Eventy Lens server — is it running?');
    }
    setBusy(false);
  };
  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)} data-testid="login-form">
      <label>
        User name
        <input name="name" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error !== null && (
        <div className="alert" role="alert" data-testid="login-error">
          {error}
        </div>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
