import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Container, injectable } from 'inversify';
import { createDecorator, createRuntime, defineAspect, weave } from '../index.js';

const calls: string[] = [];
const TraceAspect = defineAspect<{ label: string }, { label?: string }>({
  name: 'Trace',
  precedence: 150,
  supportsSync: true,
  validate: (input) => ({ label: input?.label ?? 'trace' }),
  create: (options) => (invocation, next) => {
    calls.push(options.label);
    return next(invocation);
  },
});
const Trace = createDecorator(TraceAspect);

@injectable()
class Service {
  @Trace({ label: 'a' })
  async hello(name: string): Promise<string> {
    return `hi ${name}`;
  }
}

describe('smoke', () => {
  it('weaves', async () => {
    const runtime = createRuntime();
    const s = weave(new Service(), runtime);
    await expect(s.hello('x')).resolves.toBe('hi x');
    expect(calls).toEqual(['a']);
    const c = new Container();
    c.bind(Service).toSelf();
    expect(c.get(Service)).toBeInstanceOf(Service);
    runtime.dispose();
  });
});
