// The admin module's public face: its plugin. It owns no table or key of its own; it is routes over the public
// faces of auth (accounts) and audit (the log).
export { adminPlugin } from './plugin.js';
