/** Service identifiers of the demo's storefront container. */
export const DEMO_TOKENS = Object.freeze({
  /** Base URL of the chaos upstream (`http://127.0.0.1:<port>`). */
  upstreamUrl: Symbol.for('ballast.demo.upstreamUrl'),
  /** The `HttpClient` the inventory client sends with. */
  upstreamHttp: Symbol.for('ballast.demo.upstreamHttp'),
});
