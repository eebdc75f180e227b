// Runs one simulated batching server in its own process (so it does not share the measured
// process's event loop) and prints its URL as the first stdout line. Options come as JSON in argv[2].
import { startBatchingServer, type BatchingOptions } from './batching-server.js';

const server = await startBatchingServer(JSON.parse(process.argv[2] ?? '{}') as BatchingOptions);
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
