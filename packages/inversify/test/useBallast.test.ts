import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createDecorator, createRuntime, defineAspect, isWoven, type Runtime } from '@ballast/core';
import { Container, ContainerModule, inject, injectable } from 'inversify';
import { BALLAST_RUNTIME, runtimeOf, useBallast } from '../src/index.js';

/** Counts calls per method across all instances: proves one chain per method per runtime. */
const counts = new Map<string, number>();
const Counted = createDecorator(
  defineAspect<undefined, undefined>({
    name: 'Counted',
    precedence: 150,
    supportsSync: true,
    validate: () => undefined,
    create: (_options, _runtime, target) => (invocation, next) => {
      counts.set(target.qualifiedName, (counts.get(target.qualifiedName) ?? 0) + 1);
      return next(invocation);
    },
  }),
);

@injectable()
class Repository {
  @Counted()
  find(id: string): string {
    return `row ${id}`;
  }
}

@injectable()
class Service {
  constructor(@inject(Repository) readonly repository: Repository) {}

  @Counted()
  async read(id: string): Promise<string> {
    return this.repository.find(id);
  }
}

const containers: Container[] = [];
function newContainer(): { container: Container; runtime: Runtime } {
  const container = new Container();
  containers.push(container);
  return { container, runtime: useBallast(container) };
}

afterEach(async () => {
  for (const container of containers.splice(0)) await container.unbindAllAsync();
  counts.clear();
});

describe('useBallast', () => {
  it('weaves a singleton once, at activation', async () => {
    const { container } = newContainer();
    container.bind(Service).toSelf().inSingletonScope();
    container.bind(Repository).toSelf().inSingletonScope();
    const first = container.get(Service);
    expect(container.get(Service)).toBe(first);
    expect(isWoven(first)).toBe(true);
    await expect(first.read('1')).resolves.toBe('row 1');
    expect(counts.get('Service.read')).toBe(1);
  });

  it('weaves the dependencies of a resolved service too', async () => {
    const { container } = newContainer();
    container.bind(Service).toSelf();
    container.bind(Repository).toSelf();
    const service = container.get(Service);
    expect(isWoven(service.repository)).toBe(true);
    await service.read('2');
    expect(counts.get('Repository.find')).toBe(1);
  });

  it('weaves each transient instance, sharing one chain per method', async () => {
    const { container } = newContainer();
    container.bind(Repository).toSelf().inTransientScope();
    const a = container.get(Repository);
    const b = container.get(Repository);
    expect(a).not.toBe(b);
    expect(isWoven(a) && isWoven(b)).toBe(true);
    a.find('a');
    b.find('b');
    expect(counts.get('Repository.find')).toBe(2);
  });

  it('weaves request-scoped instances once per resolution request', () => {
    const { container } = newContainer();
    container.bind(Repository).toSelf().inRequestScope();
    @injectable()
    class Pair {
      constructor(
        @inject(Repository) readonly left: Repository,
        @inject(Repository) readonly right: Repository,
      ) {}
    }
    container.bind(Pair).toSelf();
    const pair = container.get(Pair);
    expect(pair.left).toBe(pair.right);
    expect(isWoven(pair.left)).toBe(true);
    expect(container.get(Pair).left).not.toBe(pair.left);
  });

  it('weaves services bound through a container module and by token', () => {
    const { container } = newContainer();
    const token = Symbol('repository');
    container.load(new ContainerModule(({ bind }) => void bind(token).to(Repository)));
    expect(isWoven(container.get<Repository>(token))).toBe(true);
  });

  it('resolves the runtime from the container and disposes it when unbound', async () => {
    const { container, runtime } = newContainer();
    expect(container.get(BALLAST_RUNTIME)).toBe(runtime);
    expect(runtimeOf(container)).toBe(runtime);
    expect(useBallast(container)).toBe(runtime);
    await container.unbindAllAsync();
    expect(runtime.disposed).toBe(true);
  });

  it('disposes its runtime on unbinding even if nothing resolved it (regression: it leaked)', async () => {
    const container = new Container();
    const runtime = useBallast(container);
    await container.unbindAllAsync();
    expect(runtime.disposed).toBe(true);
  });

  it('leaves a runtime passed in to its owner when the container is unbound', async () => {
    const shared = createRuntime();
    const container = new Container();
    expect(useBallast(container, { runtime: shared })).toBe(shared);
    container.bind(Repository).toSelf();
    expect(isWoven(container.get(Repository))).toBe(true);
    await container.unbindAllAsync();
    expect(shared.disposed).toBe(false);
    shared.dispose();
  });

  it('leaves constant values that are not objects alone', () => {
    const { container } = newContainer();
    container.bind('port').toConstantValue(8080);
    expect(container.get('port')).toBe(8080);
  });
});
