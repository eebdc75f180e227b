// `npm run bench [-- NAME…]`: every benchmark script in this folder, or the ones named.
import { run } from '../server/cli/bench.js';

process.exitCode = await run(process.argv.slice(2));
