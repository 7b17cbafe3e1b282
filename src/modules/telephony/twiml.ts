import twilio from 'twilio';
import type { Settings } from '../../config.js';
import { describeOpeningHours } from '../rota/index.js';

const { VoiceResponse } = twilio.twiml;
export type Language = 'da' | 'en';
const VOICE_LANGUAGE = { da: 'da-DK', en: 'en-GB' } as const;

/** Builds every TwiML document of the call flow. URLs are absolute (PUBLIC_URL) because Twilio signs them. */
export class TwimlBuilder {
  constructor(
    private readonly settings: Settings,
    private readonly publicUrl: string,
    private readonly lineNumber: string,
  ) {}

  url(path: string, query: Record<string, string> = {}): string {
    const qs = new URLSearchParams(query).toString();
    return `${this.publicUrl}/twilio/${path}${qs ? `?${qs}` : ''}`;
  }

  /** Speaks a prompt; `{police}`, `{livslinien}`, … are filled from `emergencyNumbers`, so they are set in one place. */
  private say(response: { say: InstanceType<typeof VoiceResponse>['say'] }, language: Language, text: string): void {
    const filled = text.replace(/\{(\w+)\}/g, (placeholder, name: string) => this.settings.emergencyNumbers[name] ?? placeholder);
    response.say({ language: VOICE_LANGUAGE[language] }, filled);
  }

  /** Closed: the closed message, the hours and the emergency numbers, in Danish then English; then hang up. */
  closed(openingHours: Settings['openingHours'] = this.settings.openingHours): string {
    const r = new VoiceResponse();
    for (const language of ['da', 'en'] as const) {
      this.say(r, language, `${this.settings.prompts[language].closed} ${describeOpeningHours(openingHours, language)}`);
    }
    r.hangup();
    return r.toString();
  }

  blocked(): string {
    const r = new VoiceResponse();
    this.say(r, 'da', this.settings.prompts.da.blocked);
    this.say(r, 'en', this.settings.prompts.en.blocked);
    r.hangup();
    return r.toString();
  }

  /** Greeting with the anonymity statement and the language choice; no key press means Danish. */
  greeting(callId: string): string {
    const r = new VoiceResponse();
    const action = this.url('language', { call: callId });
    const gather = r.gather({ numDigits: 1, timeout: 5, action, method: 'POST', actionOnEmptyResult: true });
    this.say(gather, 'da', this.settings.prompts.da.greeting);
    this.say(gather, 'en', this.settings.prompts.en.greeting);
    r.redirect({ method: 'POST' }, action);
    return r.toString();
  }

  /** Ring one psychologist: their phone with a whisper that needs a key press, or their browser softphone. */
  dial(callId: string, language: Language, target: { userId: string; via: 'phone' | 'browser'; phone: string | null }, options: { announce: boolean }): string {
    const r = new VoiceResponse();
    if (options.announce) this.say(r, language, this.settings.prompts[language].connecting);
    const dial = r.dial({
      callerId: this.lineNumber, // staff never see the caller's number (docs/architecture.md, "Anonymity rules", rule 4)
      timeout: this.settings.routing.dialTimeoutSeconds,
      action: this.url('dial-result', { call: callId, user: target.userId }),
      method: 'POST',
      answerOnBridge: true,
    });
    const whisper = this.url('whisper', { call: callId, user: target.userId, via: target.via });
    if (target.via === 'browser') dial.client({ url: whisper, method: 'POST' }, clientIdentity(target.userId));
    else dial.number({ url: whisper, method: 'POST' }, target.phone!);
    return r.toString();
  }

  /** Played to the psychologist before the bridge: press 1 to accept, so a voicemail box never takes the call. */
  whisper(callId: string, userId: string, language: Language): string {
    return this.pressOne(this.url('whisper-accept', { call: callId, user: userId }), language, this.settings.prompts[language].whisper);
  }

  /** A prompt that waits for a key and hangs up without one: how a person (not a voicemail box) says yes. */
  private pressOne(action: string, language: Language, prompt: string): string {
    const r = new VoiceResponse();
    const gather = r.gather({ numDigits: 1, timeout: 8, action, method: 'POST' });
    this.say(gather, language, prompt);
    r.hangup();
    return r.toString();
  }

  enqueue(callId: string, language: Language): string {
    const r = new VoiceResponse();
    r.enqueue(
      { waitUrl: this.url('queue-wait', { call: callId, lang: language }), waitUrlMethod: 'POST', action: this.url('queue-result', { call: callId }), method: 'POST' },
      QUEUE_NAME,
    );
    return r.toString();
  }

  /**
   * The queue's wait loop: the position, then calm hold audio (or a pause). Twilio repeats it while the caller waits.
   * With `callbackFor` (a caller whose number is known), the announcement offers "press 2 to be called back instead"
   * (handled by the followups module's /twilio/queue-callback).
   */
  queueWait(language: Language, position: number, leave: boolean, callbackFor?: string): string {
    const r = new VoiceResponse();
    if (leave) {
      r.leave();
      return r.toString();
    }
    const announcement = this.settings.prompts[language].queue.replace('{position}', String(Math.max(1, position)));
    if (callbackFor) {
      const gather = r.gather({ numDigits: 1, timeout: 1, action: this.url('queue-callback', { call: callbackFor }), method: 'POST' });
      this.say(gather, language, `${announcement} ${this.settings.prompts[language].queueCallbackOffer}`);
    } else {
      this.say(r, language, announcement);
    }
    if (this.settings.routing.holdMusicUrl) r.play({}, this.settings.routing.holdMusicUrl);
    else r.pause({ length: 20 });
    return r.toString();
  }

  /** Nobody can take the call: the apology with the hours and emergency numbers, then hang up. */
  apology(language: Language | undefined, openingHours: Settings['openingHours'] = this.settings.openingHours): string {
    const r = new VoiceResponse();
    for (const l of language ? [language] : (['da', 'en'] as const)) {
      this.say(r, l, `${this.settings.prompts[l].apology} ${describeOpeningHours(openingHours, l)}`);
    }
    r.hangup();
    return r.toString();
  }

  /** The call-back leg, picked up: a neutral question (it may not be the caller who answers); 1 connects. */
  callbackGreeting(callId: string, language: Language): string {
    return this.pressOne(this.url('callback-accept', { call: callId }), language, this.settings.prompts[language].callback);
  }

  /** The caller accepted the call-back: ring the psychologist who asked for it (a phone must accept with 1). */
  callback(callId: string, language: Language, target: { userId: string; via: 'phone' | 'browser'; phone: string | null }): string {
    const r = new VoiceResponse();
    const dial = r.dial({ callerId: this.lineNumber, timeout: this.settings.routing.dialTimeoutSeconds, answerOnBridge: true });
    if (target.via === 'browser') dial.client({}, clientIdentity(target.userId));
    else dial.number({ url: this.url('callback-whisper', { call: callId, lang: language }), method: 'POST' }, target.phone!);
    return r.toString();
  }

  /** The psychologist's side of a call-back: press 1 to take it, so their voicemail never does. */
  callbackWhisper(callId: string, language: Language): string {
    return this.pressOne(this.url('callback-whisper-accept', { call: callId }), language, this.settings.prompts[language].whisper);
  }

  empty(): string {
    return new VoiceResponse().toString();
  }

  hangup(): string {
    const r = new VoiceResponse();
    r.hangup();
    return r.toString();
  }
}

export const QUEUE_NAME = 'stopline';

/** The Twilio Client identity of a psychologist's browser softphone: their user id, never a name or number. */
export function clientIdentity(userId: string): string {
  return `psychologist_${userId.replaceAll('-', '')}`;
}
