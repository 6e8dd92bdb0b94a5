import { afterOperator, beforeOperator } from './dateOperators.js';
import { inOperator, notInOperator } from './listOperators.js';
import { gteOperator, gtOperator, lteOperator, ltOperator } from './numberOperators.js';
import type { Operator } from './Operator.js';
import { regexOperator } from './regexOperator.js';
import {
  semverEqOperator,
  semverGteOperator,
  semverGtOperator,
  semverLteOperator,
  semverLtOperator,
} from './semverOperators.js';
import {
  containsOperator,
  endsWithOperator,
  eqOperator,
  startsWithOperator,
} from './stringOperators.js';

/** Every condition operator by name; the JSON Schema's operator enum is checked against it in tests. */
export const OPERATORS: ReadonlyMap<string, Operator> = new Map(
  [
    inOperator,
    notInOperator,
    eqOperator,
    startsWithOperator,
    endsWithOperator,
    containsOperator,
    gtOperator,
    gteOperator,
    ltOperator,
    lteOperator,
    semverEqOperator,
    semverGtOperator,
    semverGteOperator,
    semverLtOperator,
    semverLteOperator,
    beforeOperator,
    afterOperator,
    regexOperator,
  ].map((operator) => [operator.name, operator]),
);
