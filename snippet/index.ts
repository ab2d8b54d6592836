// dist/contlo.js: the full SDK as one IIFE. Replays what the loader stub recorded, then
// replaces the stub with the real methods on window.contlo.
import { createContlo, type Contlo } from './sdk';
import { replayStub } from './replay';

type Stub = Partial<Contlo> & { q?: unknown[][]; id?: number; load?: unknown };
const w = window as unknown as { contlo?: Stub };
const stub = w.contlo || {};
// The push module sits next to this script: dist/contlo-push.mjs.
const here = (document.currentScript as HTMLScriptElement | null)?.src || location.href;
if (!(stub as { version?: string }).version) {
  const sdk = createContlo(() => import(new URL('contlo-push.mjs', here).href));
  const real = Object.assign(w.contlo || (w.contlo = {}), sdk, { load: () => {} });
  w.contlo = real;
  // Emptied in place: the stub's pagehide handler holds this array and must not save it again.
  replayStub(sdk, (stub.q || []).splice(0), stub.id);
}
