/**
 * A fixed-capacity FIFO ring of strings. `push` refuses when full instead of growing, which is
 * what keeps a logger's memory flat when its sink cannot keep up.
 */
export class BoundedQueue {
  readonly #items: (string | undefined)[];
  #head = 0;
  #length = 0;

  constructor(readonly capacity: number) {
    this.#items = new Array<string | undefined>(capacity);
  }

  get length(): number {
    return this.#length;
  }

  /** Adds `item` at the tail; false (nothing stored) when full. */
  push(item: string): boolean {
    if (this.#length === this.capacity) return false;
    this.#items[(this.#head + this.#length) % this.capacity] = item;
    this.#length++;
    return true;
  }

  /** Removes and returns up to `maxItems` from the head whose total length stays within `maxChars` (at least one). */
  take(maxItems: number, maxChars: number): string[] {
    const taken: string[] = [];
    let chars = 0;
    while (this.#length > 0 && taken.length < maxItems) {
      const item = this.#items[this.#head]!;
      if (taken.length > 0 && chars + item.length > maxChars) break;
      taken.push(item);
      chars += item.length;
      this.#items[this.#head] = undefined;
      this.#head = (this.#head + 1) % this.capacity;
      this.#length--;
    }
    return taken;
  }

  /** Empties the queue; returns how many items were discarded. */
  clear(): number {
    const discarded = this.#length;
    this.#items.fill(undefined);
    this.#head = 0;
    this.#length = 0;
    return discarded;
  }
}
