'use client';
import { useState } from 'react';
import { useMe } from '../_lib/use-me';
import styles from './signed-in-as.module.css';

/** The header's account corner: who is signed in with which role and a Sign out button, or the local-mode note. */
export function SignedInAs() {
  const { me } = useMe();
  const [signingOut, setSigningOut] = useState(false);
  if (!me) return null;
  if (me.localMode) {
    return (
      <span className={styles.account} data-testid="local-mode" title="Listening on loopback without users or tokens: everyone on this machine is the operator">
        local mode
      </span>
    );
  }
  const signOut = async () => {
    setSigningOut(true);
    await fetch('/api/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => undefined);
    window.location.assign('/login');
  };
  return (
    <span className={styles.account} data-testid="signed-in-as">
      <span data-testid="signed-in-name">{me.name}</span>
      <span className={styles.role} data-testid="signed-in-role">
        {me.role}
      </span>
      {me.via === 'session' && (
        <button type="button" className={styles.signOut} onClick={() => void signOut()} disabled={signingOut}>
          Sign out
        </button>
      )}
    </span>
  );
}
