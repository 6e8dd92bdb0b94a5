export { type Checked, checkValue } from './checkValue.js';
export { Defaulted, type Parsed, type TDefaulted } from './Defaulted.js';
export { describeIssues, fieldOf, issuesOf, type SchemaError } from './issuesOf.js';
export { parseConfig } from './parseConfig.js';
export type { ValidationIssue } from './ValidationIssue.js';
export { validatorOf } from './validatorOf.js';
