// The health module's public face: the liveness and readiness routes. It owns no table and no Redis key.
export { healthPlugin } from './plugin.js';
