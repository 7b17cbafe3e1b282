// The rota module's public face: who is on call now, whether the line is open, and the "availability changed"
// event. It owns the `rota_shifts` table and the Redis keys `oncall:*`; names and phones come from auth.
export { rotaPlugin } from './plugin.js';
export type { Availability, Via } from './availability.js';
export { onCallNow, type OnCallPsychologist } from './on-call.js';
export { describeOpeningHours, openingState, type Language, type OpeningHours, type OpeningState } from './opening-hours.js';
export type { RotaEventBus, RotaEvents } from './rota-events.js';
export { effectiveSettings, LineSettingsStore, type LineSettings } from './line-settings.js';
