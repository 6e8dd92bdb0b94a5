import { describe, expect, it } from '@jest/globals';
import { EventBus } from './EventBus.js';

interface TestEvents {
  ping: { readonly n: number };
}

describe('EventBus', () => {
  it('delivers to listeners and stops after unsubscribe', () => {
    const bus = new EventBus<TestEvents>();
    const seen: number[] = [];
    const off = bus.on('ping', (event) => seen.push(event.n));
    expect(bus.has('ping')).toBe(true);
    bus.emit('ping', { n: 1 });
    off();
    bus.emit('ping', { n: 2 });
    expect(seen).toEqual([1]);
    expect(bus.has('ping')).toBe(false);
  });

  it('counts a throwing listener instead of throwing into the emitter', () => {
    const bus = new EventBus<TestEvents>();
    const seen: number[] = [];
    bus.on('ping', () => {
      throw new Error('listener bug');
    });
    bus.on('ping', (event) => seen.push(event.n));
    expect(() => bus.emit('ping', { n: 3 })).not.toThrow();
    expect(seen).toEqual([3]);
    expect(bus.listenerErrors).toBe(1);
  });
});
