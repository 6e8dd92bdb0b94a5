import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';
import { createRuntime, DecoratorTargetError, weave } from '../src/index.js';
import { Inner, Outer, trail } from './fixtures/testAspects.js';

// One source, compiled both ways, proves the decorators detect their calling convention.
const fixtureSource = `
function defineFixture(Outer, Inner) {
  class Greeter {
    @Inner({ label: 'inner' })
    @Outer({ label: 'outer' })
    greet(name) { return 'hello ' + name; }
  }
  return Greeter;
}`;

function compileFixture(
  experimentalDecorators: boolean,
): new () => { greet(name: string): string } {
  const { outputText } = ts.transpileModule(fixtureSource, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.None,
      experimentalDecorators,
    },
  });
  const define = new Function(
    'Outer',
    'Inner',
    `${outputText}\nreturn defineFixture(Outer, Inner);`,
  );
  return define(Outer, Inner);
}

const badSource = `
function defineBad(Outer) {
  class Bad { @Outer() static make() { return 1; } }
  return Bad;
}`;

describe('decorator modes', () => {
  it.each([
    ['experimentalDecorators', true],
    ['TC39 standard decorators', false],
  ])('records and weaves with %s', (_mode, experimental) => {
    const Greeter = compileFixture(experimental);
    const runtime = createRuntime();
    trail.length = 0;
    const greeter = weave(new Greeter(), runtime);
    expect(greeter.greet('ada')).toBe('hello ada');
    expect(trail).toEqual(['outer', 'inner']);
    runtime.dispose();
  });

  it.each([
    ['experimentalDecorators', true],
    ['TC39 standard decorators', false],
  ])('protects an instance nobody wove with %s, keeping name and length', (_mode, experimental) => {
    const Greeter = compileFixture(experimental);
    trail.length = 0;
    const greeter = new Greeter();
    expect(greeter.greet('bob')).toBe('hello bob');
    expect(trail).toEqual(['outer', 'inner']);
    expect(greeter.greet.name).toBe('greet');
    expect(greeter.greet.length).toBe(1);
  });

  it.each([true, false])(
    'rejects a static method in either mode (experimental: %s)',
    (experimental) => {
      const { outputText } = ts.transpileModule(badSource, {
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.None,
          experimentalDecorators: experimental,
        },
      });
      const define = new Function('Outer', `${outputText}\nreturn defineBad(Outer);`);
      expect(() => define(Outer)).toThrow(DecoratorTargetError);
      expect(() => define(Outer)).toThrow(/static method/);
    },
  );
});
