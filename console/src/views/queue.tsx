import { useEffect, useState } from 'preact/hooks';
import { review } from '../api.js';
import { can } from '../app.js';
import { go, href } from '../router.js';
import type { ReviewItem, Viewer } from '../types.js';
import { formatTime, useAsync } from '../use-async.js';

const overdue = (item: ReviewItem) => item.status !== 'DECIDED' && new Date(item.dueAt).getTime() < Date.now();

/** The queues with counts and overdue badges, the open and claimed items, kept live by reviewQueueEvents. */
export function QueueView({ viewer }: { viewer: Viewer }) {
  const cot = can(viewer, 'readReasoning');
  const { value, error, reload } = useAsync(async () => {
    const [open, claimed] = await Promise.all([review.items('OPEN', cot), review.items('CLAIMED', cot)]);
    return { items: [...open.items, ...claimed.items], open: open.total, claimed: claimed.total };
  }, []);
  const [live, setLive] = useState('connecting');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => review.events((event) => (setLive(`connected, last change: ${event.__typename.replace('ReviewItem', 'item ').toLowerCase()}`), reload()),
    (e) => setLive(`disconnected: ${e.message}`), () => setLive((s) => (s === 'connecting' ? 'connected' : s))), []);
  const items = value?.items ?? [];
  const reviewer = can(viewer, 'review');
  const act = async (work: () => Promise<ReviewItem | null>) => {
    setProblem(null);
    try {
      const item = await work();
      if (item) go('queue', item.id);
      else setProblem('The queue is empty.');
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Review queue</h1>
      <p class="live"><span role="status" aria-live="polite">Live updates: {live}</span>{' '}
        <button type="button" onClick={reload}>Refresh</button></p>
      {error && <p role="alert" class="error">{error}</p>}
      {problem && <p role="alert" class="error">{problem}</p>}
      {value && <p data-testid="totals">{value.open} open · {value.claimed} claimed in all queues (the 50 most urgent of each shown)</p>}
      <Queues items={items} reviewer={reviewer} onClaimNext={(queue) => act(() => review.claimNext(queue))} />
      <h2>Items</h2>
      <table class="items">
        <caption class="sr-only">Open and claimed review items, most urgent first</caption>
        <thead><tr><th scope="col">Priority</th><th scope="col">Queue</th><th scope="col">Reasons</th><th scope="col">Due</th>
          <th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-item={item.id}>
              <td>{item.priority}</td>
              <td>{item.queue}</td>
              <td>{item.reasons.join('; ')}</td>
              <td>{formatTime(item.dueAt)} {overdue(item) && <span class="badge overdue">overdue</span>}</td>
              <td>{item.status}{item.assignee && ` (${item.assignee})`}</td>
              <td>
                <a href={href('queue', item.id)}>Open</a>
                {reviewer && item.status === 'OPEN' && <button type="button" onClick={() => act(() => review.claim(item.id))}>Claim</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {value && items.length === 0 && <p>No open or claimed items.</p>}
    </section>
  );
}

function Queues({ items, reviewer, onClaimNext }: { items: ReviewItem[]; reviewer: boolean; onClaimNext: (queue: string | null) => void }) {
  const names = [...new Set(items.map((i) => i.queue))].sort();
  return (
    <>
      <h2>Queues</h2>
      {reviewer && <p><button type="button" onClick={() => onClaimNext(null)}>Claim next (any queue)</button></p>}
      <ul class="queues">
        {names.map((name) => {
          const of = items.filter((i) => i.queue === name);
          const late = of.filter(overdue).length;
          return (
            <li key={name} class="queue" data-queue={name}>
              <strong>{name}</strong>
              <span>{of.filter((i) => i.status === 'OPEN').length} open</span>
              <span>{of.filter((i) => i.status === 'CLAIMED').length} claimed</span>
              {late > 0 && <span class="badge overdue">{late} overdue</span>}
              {reviewer && <button type="button" onClick={() => onClaimNext(name)} aria-label={`Claim next in ${name}`}>Claim next</button>}
            </li>
          );
        })}
      </ul>
    </>
  );
}
