// The telephony module's public face: the Twilio webhooks and call flow (as a plugin), what the console shows of a
// live call, the console event channel, and the log-deletion jobs. It owns the live-state Redis keys (`call:*`,
// `callsid:*`, `callsid-turned-away:*`, `queue`, `busy:*`, `current-call:*`, `blocked:*`, `callback:*`) and the
// queue `twilio-log-deletion`; it writes the durable call record only through the calls module.
export { telephonyPlugin, type TelephonyOptions } from './telephony-module.js';
export { liveConsoleView } from './console-view.js';
export { endTimesOf } from './live-state.js';
export { colleagueView, eventsChannel, type ConsoleEvent } from './call-events.js';
export { LOG_DELETION_QUEUE } from './call-log-deletion.js';
export { startTelephonyJobs as startJobs } from './telephony-jobs.js';
export { isValidSignature } from './webhook-params.js';
