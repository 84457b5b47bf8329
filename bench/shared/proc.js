'use strict';
/** What Linux says about processes the bench measures: its own children (the API, the worker) and the local servers. */
const { readdirSync, readFileSync } = require('node:fs');

/** Fields of /proc/<pid>/stat after the command name; Linux reports times in clock ticks of 1/100 s. */
function statFields(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return { comm: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')), fields: text.slice(text.lastIndexOf(')') + 2).split(' ') };
}

/** CPU seconds a process has used (user + system). */
function cpuSeconds(pid) {
  const { fields } = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds used so far by every process whose command is `comm` (say `postgres` or
 * `redis-server`), including its children that have exited: Postgres starts a process per
 * connection, and a backend that ends during the measurement hands its time to the postmaster's
 * "children" counters. The difference of two readings is the server's CPU between them.
 */
function serverCpuSeconds(comm) {
  const server = new Map(); // pid -> stat fields, of every process named `comm`
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = statFields(entry);
      if (stat.comm === comm) server.set(entry, stat.fields);
    } catch {
      // gone while we looked
    }
  }
  let ticks = 0;
  for (const f of server.values()) {
    ticks += Number(f[11]) + Number(f[12]);
    if (!server.has(f[1])) ticks += Number(f[13]) + Number(f[14]); // the postmaster (its parent is not a server process): its exited backends
  }
  return ticks / 100;
}

/**
 * CPU seconds used by this process's children that have exited and been waited for (Linux adds a
 * reaped child's time to its parent's cutime/cstime): the difference around a synchronous run of a
 * command (pgbench) is that command's CPU, threads included.
 */
function exitedChildrenCpuSeconds() {
  const { fields } = statFields('self');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** How busy the machine's CPUs already are (other processes share its cores), in % of all of them over `ms`. */
async function machineBusy(ms = 2000) {
  const read = () => readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const a = read();
  await new Promise((r) => setTimeout(r, ms));
  const d = read().map((v, k) => v - a[k]);
  const total = d.reduce((x, y) => x + y, 0);
  return total ? (100 * (total - d[3] - d[4])) / total : NaN; // idle and iowait are not busy
}

/** Resident memory in MB (VmRSS), NaN once the process has gone. */
function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

module.exports = { cpuSeconds, serverCpuSeconds, exitedChildrenCpuSeconds, machineBusy, rssMb };
