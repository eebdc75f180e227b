// A small synthetic toxicity dataset: everyday requests, some with an insult mixed in.
import type { LabeledItem } from '../../../server/datasets/types.js';
import { createRandom } from '../../../server/triage/random.js';

const REQUESTS = [
  'please help me write a poem about the sea',
  'what is a good recipe for bread',
  'explain quantum physics to a child',
  'suggest travel plans for the weekend',
  'how do I plant tomatoes in my garden',
  'review this code and find the bug',
  'translate this letter into french',
  'summarise the news for me today',
];
const INSULTS = ['you idiot', 'worthless moron', 'shut up scum', 'you stupid loser', 'what trash'];

/** `size` items labelled `toxicity` (about a quarter toxic), the same for the same seed. */
export function syntheticItems(size: number, seed = 42): LabeledItem[] {
  const random = createRandom(seed);
  return Array.from({ length: size }, () => {
    const request = REQUESTS[random.int(REQUESTS.length)]!;
    const toxic = random.next() < 0.25;
    const insult = INSULTS[random.int(INSULTS.length)]!;
    const content = !toxic ? request : random.next() < 0.5 ? `${insult}, ${request}` : `${request} ${insult}`;
    return { content, labels: { toxicity: toxic ? 1 : 0 } };
  });
}
