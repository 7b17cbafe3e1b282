import { ModuleEvents } from '../../infra/module-events.js';
import type { Via } from './availability.js';

/** What the rota announces. Telephony listens: a psychologist who goes on call may take the caller waiting first. */
export interface RotaEvents extends Record<string, unknown> {
  'availability.changed': { userId: string; available: boolean; via: Via };
}

export type RotaEventBus = ModuleEvents<RotaEvents>;

export function createRotaEvents(): RotaEventBus {
  return new ModuleEvents<RotaEvents>();
}
