import { useEffect, useState } from 'preact/hooks';
import { session, viewer as loadViewer } from './api.js';
import { href, useRoute } from './router.js';
import type { Viewer } from './types.js';
import { EvaluateView, EvaluationView } from './views/evaluate.js';
import { HistoryView, VerdictView } from './views/history.js';
import { PoliciesView, PolicyView } from './views/policies.js';
import { QueueView } from './views/queue.js';
import { ReviewItemView } from './views/review-item.js';
import { SignIn } from './views/sign-in.js';

/** The sections and the permission each needs (the server's rule, read from `viewer.permissions`). */
const SECTIONS = [
  { path: 'queue', title: 'Review queue', needs: ['readReviews', 'review'] },
  { path: 'evaluate', title: 'Evaluate', needs: ['evaluate'] },
  { path: 'history', title: 'Decision history', needs: ['audit'] },
  { path: 'policies', title: 'Policies', needs: ['read'] },
] as const;

export const can = (viewer: Viewer, permission: string): boolean => viewer.permissions.includes(permission);

export function App() {
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(session.token() !== null);
  useEffect(() => {
    if (!session.token()) return;
    loadViewer().then(setViewer, (e: Error) => (session.clear(), setError(e.message))).finally(() => setChecking(false));
  }, []);
  if (checking) return <p role="status">Signing in…</p>;
  if (!viewer) return <SignIn error={error} onSignedIn={setViewer} />;
  const signOut = () => (session.clear(), setViewer(null), (location.hash = ''));
  return <Shell viewer={viewer} onSignOut={signOut} />;
}

function Shell({ viewer, onSignOut }: { viewer: Viewer; onSignOut: () => void }) {
  const route = useRoute();
  const sections = SECTIONS.filter((s) => s.needs.some((p) => can(viewer, p)));
  // An evaluation's own link belongs to no section, so no tab is marked current there.
  const current = route[0] === 'evaluations' ? undefined : (sections.find((s) => s.path === route[0]) ?? sections[0]);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>Skip to content</a>
      <header class="top">
        <strong class="brand">Arbiter console</strong>
        <dl class="who" aria-label="Signed in as">
          <dt>Tenant</dt><dd data-testid="tenant">{viewer.tenant}</dd>
          <dt>Roles</dt><dd data-testid="roles">{viewer.roles.join(', ')}</dd>
          <dt>Subject</dt><dd>{viewer.subject}</dd>
        </dl>
        <button type="button" onClick={onSignOut}>Sign out</button>
      </header>
      <nav aria-label="Sections" class="sections">
        <ul>
          {sections.map((s) => (
            <li key={s.path}><a href={href(s.path)} aria-current={s === current ? 'page' : undefined}>{s.title}</a></li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {route[0] === 'evaluations' ? <EvaluationView viewer={viewer} id={route[1] ?? ''} />
          : current ? <Section viewer={viewer} path={current.path} route={route} /> : <p>Your roles give access to no section.</p>}
      </main>
    </>
  );
}

function Section({ viewer, path, route }: { viewer: Viewer; path: string; route: string[] }) {
  const id = route[0] === path ? route[1] : undefined;
  if (path === 'queue') return id ? <ReviewItemView viewer={viewer} id={id} /> : <QueueView viewer={viewer} />;
  if (path === 'evaluate') return <EvaluateView />;
  if (path === 'history') return id ? <VerdictView viewer={viewer} id={id} /> : <HistoryView viewer={viewer} />;
  return id ? <PolicyView viewer={viewer} slug={id} /> : <PoliciesView />;
}
