import { Writable } from 'node:stream';
import { serializeInfo } from './serializeInfo.js';
import type { SinkWriter } from './SinkWriter.js';

/**
 * The only winston transport of a safe logger. It acknowledges every line at once after
 * handing it to the bounded queue, so winston's own stream buffers never grow (the unbounded
 * buffering of winston's File transport on a stuck file is exactly what this replaces).
 */
export class SinkTransport extends Writable {
  constructor(
    readonly writer: SinkWriter,
    readonly maxLineChars: number,
  ) {
    super({ objectMode: true });
  }

  /** winston calls `log(info, next)` on transports; `_write` is the stream path to it. */
  log(info: Record<string | symbol, unknown>, next: () => void): void {
    try {
      this.writer.enqueue(serializeInfo(info, this.maxLineChars));
    } finally {
      next();
    }
  }

  override _write(
    info: Record<string | symbol, unknown>,
    _encoding: BufferEncoding,
    callback: () => void,
  ): void {
    this.log(info, callback);
  }
}
