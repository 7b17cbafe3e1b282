// A ringing tone made in the page (Web Audio, no file to fetch): two short tones every three seconds while a call
// rings for her. She can turn it off; the choice is kept in this browser.
import { h, uid } from './dom.js';
import { T } from './i18n.js';

const STORAGE_KEY = 'stopline.ringSound';
let context: AudioContext | undefined;
let timer: number | undefined;
let enabled = readEnabled();
const toggles = new Set<HTMLInputElement>();

function readEnabled(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== 'off';
  } catch {
    return true;
  }
}

function beep(at: number, ctx: AudioContext) {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = 440;
  gain.gain.setValueAtTime(0, at);
  gain.gain.linearRampToValueAtTime(0.15, at + 0.02);
  gain.gain.setValueAtTime(0.15, at + 0.35);
  gain.gain.linearRampToValueAtTime(0, at + 0.4);
  osc.connect(gain).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + 0.45);
}

function ringOnce() {
  if (!enabled) return;
  try {
    context ??= new AudioContext();
    // A page not yet touched may keep audio suspended: the visible ringing is what counts then.
    void context.resume().catch(() => undefined);
    beep(context.currentTime + 0.05, context);
    beep(context.currentTime + 0.6, context);
  } catch {
    // no audio in this browser: the ringing is still shown
  }
}

export function startRinging(): void {
  if (timer !== undefined) return;
  ringOnce();
  timer = window.setInterval(ringOnce, 3000);
}

export function stopRinging(): void {
  window.clearInterval(timer);
  timer = undefined;
}

/** A checkbox for the ring sound, in step with any other on the page. */
export function ringSoundToggle(): HTMLElement {
  const id = uid('ring-sound');
  const input = h('input', { type: 'checkbox', id, checked: enabled });
  for (const old of toggles) if (!old.isConnected) toggles.delete(old);
  toggles.add(input);
  input.addEventListener('change', () => {
    enabled = input.checked;
    try {
      localStorage.setItem(STORAGE_KEY, enabled ? 'on' : 'off');
    } catch {
      // kept for this page only
    }
    for (const other of toggles) other.checked = enabled;
  });
  return h('div', { class: 'option ring-toggle' }, input, h('label', { for: id, text: T('Ringelyd i browseren', 'Ring sound in the browser') }));
}
