// The machine a run measured, for results.json and the README line.
import os from 'node:os';

/** Hardware and software of this run. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
  playwright: string;
  date: string;
}

/** Describes this machine; `chromium` is the browser's version string. */
export function describeMachine(chromium: string, playwright: string): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() || 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium,
    playwright,
    date: new Date().toISOString(),
  };
}

/** One line naming the machine, e.g. for a table caption. */
export function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}, Chromium ${m.chromium}, Playwright ${m.playwright}; ${m.date.slice(0, 16).replace('T', ' ')} UTC`;
}
