'use strict';
/**
 * A bench's durations and sizes: the environment variable when set, otherwise the full figure, or the
 * quick one under BENCH_QUICK=1 (a look in a few minutes; its figures are noisier, not comparable).
 */
const QUICK = process.env.BENCH_QUICK === '1';

function knob(name, full, quick = full) {
  const value = process.env[name];
  if (value !== undefined && value !== '') {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}=${value}: a positive number is needed`);
    return n;
  }
  return QUICK ? quick : full;
}

module.exports = { knob, QUICK };
