import { readFile } from 'node:fs/promises';
import pg from 'pg';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (ms) used so far by each of `pids`; Linux /proc only (missing pids are left out). */
export async function cpuByPid(pids: readonly number[]): Promise<Map<number, number>> {
  const used = new Map<number, number>();
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    used.set(pid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
  }
  return used;
}

/**
 * Measures the CPU the backends of one database use between `start` and the returned `stop`.
 * Backends that connect in between count from zero; one that exits in between is lost.
 */
export async function backendCpu(url: string): Promise<{ stop(): Promise<number> }> {
  const before = await cpuByPid(await backendPids(url));
  return {
    async stop() {
      const after = await cpuByPid(await backendPids(url));
      let total = 0;
      for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
      return total;
    },
  };
}

/** The PostgreSQL backend pids serving one database (the app's pool and whatever else is connected to it). */
export async function backendPids(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}
