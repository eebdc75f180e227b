import { useState } from 'preact/hooks';
import { session, viewer as loadViewer } from '../api.js';
import type { Viewer } from '../types.js';

/** Paste a token; it stays in this tab's session storage only. */
export function SignIn({ error, onSignedIn }: { error: string | null; onSignedIn: (viewer: Viewer) => void }) {
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState(error);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    session.save(token);
    try {
      onSignedIn(await loadViewer());
    } catch (e) {
      session.clear();
      setProblem((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <h1>Arbiter console</h1>
      <form onSubmit={submit} aria-describedby="token-help">
        <label for="token">Access token</label>
        <textarea id="token" name="token" rows={4} required autoComplete="off" spellcheck={false}
          value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        <p id="token-help" class="hint">Paste a bearer token (for example from <code>npm run arbiter -- token</code>). It is kept in
          this tab's session storage only.</p>
        {problem && <p role="alert" class="error">{problem}</p>}
        <button type="submit" disabled={busy || token.trim() === ''}>Sign in</button>
      </form>
    </main>
  );
}
