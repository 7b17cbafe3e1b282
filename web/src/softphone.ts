// The browser softphone: Twilio's Voice SDK, loaded only when a psychologist chooses to take calls in the browser.
// Twilio being unreachable (or the SDK failing) never breaks the console: it shows a status and the phone path
// still works.
import type { Call, Device } from '@twilio/voice-sdk';
import { api } from './api.js';
import { T, type Text } from './i18n.js';

export type SoftphoneState = 'off' | 'loading' | 'ready' | 'ringing' | 'in-call' | 'unreachable';

export interface SoftphoneUi {
  status(state: SoftphoneState, text: Text): void;
  /** A call rings in the browser: show Accept/Reject, call one of them. */
  incoming(actions: { accept: () => void; reject: () => void }): void;
  /** The ringing call was answered elsewhere, cancelled, rejected or ended. */
  settled(): void;
  /** Registration with Twilio began or ended (and the server has been told). */
  registration(registered: boolean): void;
}

// Registration that has not succeeded by then is reported; the SDK keeps trying, and 'registered' clears it.
const REGISTER_TIMEOUT_MS = 10_000;

// The server routes a call to the browser only while the page says it is registered, and forgets that after a
// while unless it is repeated (rota/softphone-registration.ts): report, and repeat while registered.
const HEARTBEAT_MS = 25_000;

let device: Device | undefined;
let generation = 0;
let heartbeat: number | undefined;
let reported = false;

function report(registered: boolean): Promise<void> {
  window.clearInterval(heartbeat);
  heartbeat = undefined;
  if (!registered && !reported) return Promise.resolve();
  reported = registered;
  const send = () => api('PUT', '/api/oncall/softphone', { registered }).then(() => undefined, () => undefined);
  if (registered) heartbeat = window.setInterval(() => void send(), HEARTBEAT_MS);
  return send();
}

const UNREACHABLE = T(
  'Browser-telefonen kan ikke nå Twilio. Vælg »på min telefon«, eller prøv igen senere.',
  'The browser phone cannot reach Twilio. Choose “on my phone”, or try again later.',
);

export async function startSoftphone(ui: SoftphoneUi): Promise<void> {
  stopSoftphone();
  const mine = ++generation;
  ui.status('loading', T('Forbinder browser-telefonen…', 'Connecting the browser phone…'));
  try {
    const [{ Device: DeviceClass }, { token }] = await Promise.all([
      import('@twilio/voice-sdk'),
      api<{ token: string }>('GET', '/api/voice/token'),
    ]);
    if (mine !== generation) return;
    const d = new DeviceClass(token, { logLevel: 'silent' });
    device = d;
    d.on('registered', () => {
      if (mine !== generation) return;
      ui.status('ready', T('Browser-telefonen er klar.', 'The browser phone is ready.'));
      void report(true).then(() => ui.registration(true));
    });
    d.on('unregistered', () => {
      if (mine !== generation) return;
      ui.status('unreachable', T('Browser-telefonen er ikke forbundet til Twilio.', 'The browser phone is not connected to Twilio.'));
      void report(false).then(() => ui.registration(false));
    });
    d.on('error', () => {
      if (mine !== generation || d.state === 'registered') return;
      ui.status('unreachable', UNREACHABLE);
      void report(false).then(() => ui.registration(false));
    });
    d.on('tokenWillExpire', () => {
      void api<{ token: string }>('GET', '/api/voice/token').then((t) => d.updateToken(t.token), () => undefined);
    });
    d.on('incoming', (call: Call) => {
      ui.status('ringing', T('Et opkald ringer i browseren.', 'A call is ringing in the browser.'));
      const settle = () => {
        ui.settled();
        if (device === d) ui.status('ready', T('Browser-telefonen er klar.', 'The browser phone is ready.'));
      };
      call.on('cancel', settle);
      call.on('reject', settle);
      call.on('disconnect', settle);
      call.on('error', settle);
      ui.incoming({
        accept: () => {
          call.accept();
          ui.status('in-call', T('Samtale i gang i browseren.', 'Call in progress in the browser.'));
        },
        reject: () => call.reject(),
      });
    });
    await Promise.race([
      d.register(),
      new Promise((_, reject) => window.setTimeout(() => reject(new Error('timeout')), REGISTER_TIMEOUT_MS)),
    ]);
  } catch {
    if (mine === generation) {
      ui.status('unreachable', UNREACHABLE);
      void report(false).then(() => ui.registration(false));
    }
  }
}

export function stopSoftphone(): void {
  generation++;
  void report(false);
  const d = device;
  device = undefined;
  try {
    d?.destroy();
  } catch {
    // already gone
  }
}
