// Where a benchmark ran: figures from a laptop and a 2-core CI box differ,
// so every report names its machine.
import os from 'node:os';

export interface Machine {
  os: string;
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  date: string;
}

export function describeMachine(now: Date = new Date()): Machine {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    date: now.toISOString(),
  };
}
