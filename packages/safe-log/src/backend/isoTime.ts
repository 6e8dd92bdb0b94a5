/**
 * An ISO-8601 formatter for log timestamps that reuses the last string while the time stays
 * on the same millisecond (lines of one batch mostly share it; `toISOString` costs ~0.4 µs).
 */
export function isoTime(): (time: number) => string {
  let lastTime = Number.NaN;
  let lastStamp = '';
  return (time) => {
    if (time !== lastTime) {
      lastTime = time;
      lastStamp = new Date(time).toISOString();
    }
    return lastStamp;
  };
}
