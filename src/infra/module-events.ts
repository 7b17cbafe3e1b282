/**
 * A typed, in-process announcement from the module that owns a fact to the modules that react to it, so the owner
 * does not have to know (or import) who listens. `emit` runs the listeners one after another and waits for them,
 * so a request that announces a change answers only after the reactions ran, and a failing listener fails it.
 * Across instances, modules talk through the stores (Redis keys, pub/sub), not through these.
 */
export class ModuleEvents<Events extends Record<string, unknown>> {
  private readonly listeners = new Map<keyof Events, Array<(payload: never) => unknown>>();

  on<Name extends keyof Events>(name: Name, listener: (payload: Events[Name]) => Promise<void> | void): void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as (payload: never) => unknown);
    this.listeners.set(name, list);
  }

  async emit<Name extends keyof Events>(name: Name, payload: Events[Name]): Promise<void> {
    for (const listener of this.listeners.get(name) ?? []) await (listener as (payload: Events[Name]) => unknown)(payload);
  }
}
