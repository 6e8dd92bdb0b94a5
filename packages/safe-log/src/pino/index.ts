export { PINO_LEVEL_VALUES, pinoBackend, type PinoBackendOptions } from './pinoBackend.js';
