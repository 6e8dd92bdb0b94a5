// The winston transport: `@ballast/testing/winston`, so that only its users need winston
// (which brings winston-transport) installed.
export { type CaptureTransportOptions, captureTransport } from './logs/captureTransport.js';
