// The follow-up API as the console uses it (docs/architecture.md, "Follow-up contact"). The list never holds contact
// details; only `reveal` does, and each reveal is audited by the server.
import type { Triage } from '../../../src/shared/vocabulary.js';
import { api } from '../api.js';
import type { AttemptResult } from './labels.js';

export interface FollowupItem {
  id: string;
  status: 'open' | 'closed';
  source: string;
  priority: Triage;
  language: 'da' | 'en';
  createdOn: string;
  dueDate: string;
  dueAt: string;
  overdue: boolean;
  attempts: number;
  nextWindow: string | null;
  sms: string;
  flag: string | null;
  result: string | null;
}

export interface Revealed {
  id: string;
  status: 'open';
  source: string;
  priority: Triage;
  language: 'da' | 'en';
  phone: string | null;
  phoneWithheld: boolean;
  name: string | null;
  caseReference: string | null;
  partner: string | null;
  consentDate: string | null;
  consentVersion: string;
  windows: Array<{ day: string; from: string; to: string }>;
  smsAllowed: boolean;
  voicemailAllowed: boolean;
  createdOn: string;
  dueDate: string;
  overdue: boolean;
  nextWindow: string | null;
  sms: string;
  flag: string | null;
  attempts: Array<{ result: AttemptResult; madeOn: string }>;
}

export type RevealAnswer = Revealed | { id: string; status: 'closed'; result: string | null };

export type ListFilter = 'open' | 'closed' | 'all';

export const listFollowups = (status: ListFilter) => api<FollowupItem[]>('GET', `/api/followups?status=${status}`);
export const revealFollowup = (id: string) => api<RevealAnswer>('GET', `/api/followups/${encodeURIComponent(id)}`);
export const callViaLine = (id: string) => api<{ status: 'dialing' }>('POST', `/api/followups/${encodeURIComponent(id)}/call`);
export const logAttempt = (id: string, result: AttemptResult) =>
  api<{ id: string; status: 'open' | 'closed'; attempts: number; result: string | null }>('POST', `/api/followups/${encodeURIComponent(id)}/attempts`, { result });
