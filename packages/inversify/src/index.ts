export { BALLAST_RUNTIME, runtimeOf, useBallast, type UseBallastOptions } from './useBallast.js';
