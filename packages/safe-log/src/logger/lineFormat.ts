import winston from 'winston';

const MESSAGE = Symbol.for('message');

/**
 * The default line format: a timestamp from the logger's clock, then plain `JSON.stringify`.
 * The facade hands winston a redacted plain copy (no cycles, no BigInt), so the general-purpose
 * safe stringifier behind `format.json()` is not needed; should anything slip through, the
 * throw is caught by the format guard and the line still goes out. The ISO string is reused
 * while the clock stays on the same millisecond.
 */
export function lineFormat(now: () => number): winston.Logform.Format {
  let lastTime = Number.NaN;
  let lastStamp = '';
  return winston.format((info) => {
    const time = now();
    if (time !== lastTime) {
      lastTime = time;
      lastStamp = new Date(time).toISOString();
    }
    info.timestamp = lastStamp;
    (info as Record<symbol, unknown>)[MESSAGE] = JSON.stringify(info);
    return info;
  })();
}
