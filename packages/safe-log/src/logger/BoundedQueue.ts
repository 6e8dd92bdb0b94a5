/**
 * A fixed-capacity FIFO ring. `push` refuses when full instead of growing, which is what keeps
 * a logger's memory flat when its sink cannot keep up.
 */
export class BoundedQueue<T> {
  readonly #items: (T | undefined)[];
  #head = 0;
  #length = 0;

  constructor(readonly capacity: number) {
    this.#items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.#length;
  }

  /** Adds `item` at the tail; false (nothing stored) when full. */
  push(item: T): boolean {
    if (this.#length === this.capacity) return false;
    let tail = this.#head + this.#length;
    if (tail >= this.capacity) tail -= this.capacity;
    this.#items[tail] = item;
    this.#length++;
    return true;
  }

  /** Removes and returns the head, or undefined when empty. */
  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    if (++this.#head === this.capacity) this.#head = 0;
    this.#length--;
    return item;
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
