/** The parts of an inversify plan node this walk reads (inversify's own plan types are internal). */
interface PlanNodeLike {
  readonly serviceIdentifier?: unknown;
  readonly bindings?: PlanNodeLike | readonly PlanNodeLike[] | undefined;
  readonly constructorParams?: readonly (PlanNodeLike | undefined)[];
  readonly propertyParams?: ReadonlyMap<unknown, PlanNodeLike>;
  readonly params?: readonly (PlanNodeLike | undefined)[];
  readonly redirections?: readonly PlanNodeLike[];
}

function children(node: PlanNodeLike): (PlanNodeLike | undefined)[] {
  const found: (PlanNodeLike | undefined)[] = [];
  const bindings = node.bindings;
  if (Array.isArray(bindings)) found.push(...(bindings as PlanNodeLike[]));
  else if (bindings !== undefined) found.push(bindings as PlanNodeLike);
  if (node.constructorParams !== undefined) found.push(...node.constructorParams);
  if (node.propertyParams !== undefined) found.push(...node.propertyParams.values());
  if (node.params !== undefined) found.push(...node.params);
  if (node.redirections !== undefined) found.push(...node.redirections);
  return found;
}

/**
 * Visits every service identifier in a plan tree: the requested service and everything it
 * depends on, so each can get the weaving activation before resolution runs.
 */
export function forEachPlannedService(
  root: unknown,
  visit: (serviceIdentifier: unknown) => void,
): void {
  const seen = new Set<unknown>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    const planNode = node as PlanNodeLike;
    if ('serviceIdentifier' in planNode && planNode.serviceIdentifier !== undefined)
      visit(planNode.serviceIdentifier);
    stack.push(...children(planNode));
  }
}
