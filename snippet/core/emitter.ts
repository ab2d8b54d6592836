/** Listener of SDK events ('sent', 'dropped', 'error'). */
export type Listener = (detail: unknown) => void;

/** A tiny event emitter whose listeners can never throw into the caller. */
export function createEmitter() {
  const map = new Map<string, Set<Listener>>();
  return {
    on(type: string, fn: Listener): () => void {
      if (!map.has(type)) map.set(type, new Set());
      map.get(type)!.add(fn);
      return () => map.get(type)!.delete(fn);
    },
    emit(type: string, detail: unknown): void {
      map.get(type)?.forEach((fn) => {
        try {
          fn(detail);
        } catch {
          /* a listener's bug must not break delivery */
        }
      });
    },
  };
}
