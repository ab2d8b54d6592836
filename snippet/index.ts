// dist/contlo.js: the full SDK as one IIFE. Replays what the loader stub recorded, then
// replaces the stub with the real methods on window.contlo.
import { createContlo, type Loader } from './sdk';
import { replayStub, type Call } from './replay';

const w = window as unknown as { contlo?: { q?: Call[]; id?: number; version?: string } };
const stub = (w.contlo ||= {});
// Lazy modules sit next to this script: dist/contlo-push.mjs, dist/contlo-v1.mjs.
const here = (document.currentScript as HTMLScriptElement | null)?.src || location.href;
// The page's module map remembers a failed import: a retry (e.g. back online) asks for a new URL.
let failed = 0;
const load = (name: string) =>
  import(new URL(`contlo-${name}.mjs${failed ? '?' + failed : ''}`, here).href).catch((e) => {
    failed++;
    throw e;
  });
if (!stub.version) {
  const sdk = createContlo(load as Loader);
  Object.assign(stub, sdk, { load() {} });
  // Emptied in place: the stub's pagehide handler holds this array and must not save it again.
  replayStub(sdk, (stub.q || []).splice(0), stub.id);
}
