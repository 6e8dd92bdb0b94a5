/**
 * Kernel overhead: an async method with three pass-through aspects, on an instance woven (bound
 * to a runtime) and on one never woven (the default runtime), both through the decorators'
 * prototype wrapper, vs the same method without aspects.
 */
import { createDecorator, createRuntime, defineAspect, weave } from '@ballast/core';
import { compare, report, round } from '../measure.js';

function passThrough(name: string, precedence: number) {
  return createDecorator(
    defineAspect<undefined, undefined>({
      name,
      precedence,
      supportsSync: true,
      validate: () => undefined,
      create: () => (invocation, next) => next(invocation),
    }),
  );
}

const First = passThrough('BenchFirst', 1_000);
const Second = passThrough('BenchSecond', 1_001);
const Third = passThrough('BenchThird', 1_002);

class Plain {
  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
}

class Woven {
  @First()
  @Second()
  @Third()
  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
}

export async function run(): Promise<void> {
  const runtime = createRuntime();
  const plain = new Plain();
  const woven = weave(new Woven(), runtime);
  const unwoven = new Woven();
  const result = await compare({
    raw: () => plain.add(1, 2),
    woven3: () => woven.add(1, 2),
    unwoven3: () => unwoven.add(1, 2),
  });
  runtime.dispose();
  const json = {
    raw_ns: round(result.raw!),
    woven3_ns: round(result.woven3!),
    unwoven3_ns: round(result.unwoven3!),
    ratio: round(result.woven3! / result.raw!, 3),
    unwoven_ratio: round(result.unwoven3! / result.raw!, 3),
  };
  report('kernel: async method, 3 pass-through aspects (ns per call, median)', json, json);
}
