'use strict';
/** What Linux says about a process of the bench's (its own children: the API and the worker). */
const { readFileSync } = require('node:fs');

/** CPU seconds a process has used (user + system), from /proc/<pid>/stat; Linux reports clock ticks of 1/100 s. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
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

module.exports = { cpuSeconds, rssMb };
