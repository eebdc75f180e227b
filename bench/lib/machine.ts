import { cpus, freemem, loadavg, totalmem } from 'node:os';

/** The machine a figure was measured on, for the benchmark write-up. */
export interface MachineInfo {
  readonly nproc: number;
  readonly cpu: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly loadAverage: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    nproc: list.length,
    cpu: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

/** One line naming the machine, the date and the load when the run started. */
export function machineLine(info: MachineInfo = machineInfo()): string {
  const free = Math.round(freemem() / 2 ** 30);
  return `${new Date().toISOString()} · ${info.nproc} × ${info.cpu} · ${info.memoryGiB} GiB RAM (${free} free) · Node ${info.node} · load average at start ${info.loadAverage}`;
}
