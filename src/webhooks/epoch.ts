/** Epoch milliseconds from a number or a real `Date` (of any realm); `NaN` for anything else, however it poses. */
export function epochMilliseconds(time: unknown): number {
  if (typeof time === 'number') return time;
  try {
    return Date.prototype.getTime.call(time);
  } catch {
    return Number.NaN;
  }
}
