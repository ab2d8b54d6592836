// What the lazy Charged module (dist/contlo-charged.mjs) borrows from the SDK that loads it, so a
// purchase page does not download these helpers twice. Where both are bundled together (the ESM
// build, the tests) useLib does nothing; build.mjs gives the lazy module a version that takes them.
import type { normalizeEmail, normalizePhone } from './contact';
import type { ContloError, failIf } from './errors';
import type { propsProblem } from './validate';

/** The helpers the SDK hands over. */
export interface Lib {
  normalizeEmail: typeof normalizeEmail;
  normalizePhone: typeof normalizePhone;
  ContloError: typeof ContloError;
  failIf: typeof failIf;
  propsProblem: typeof propsProblem;
}

/** Hands the lazy module the SDK's own helpers (a no-op where they are bundled together). */
export function useLib(lib: Lib): void {
  void lib;
}
