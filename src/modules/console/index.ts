// The console module's public face: the console plugin (WebSocket /api/console/ws and the web app's files). It owns
// no table; it subscribes to telephony's event channel and reads what telephony and calls export for its state.
export { consolePlugin, type ConsoleOptions } from './plugin.js';
export type { HubOptions } from './console-hub.js';
