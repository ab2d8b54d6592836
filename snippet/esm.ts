// dist/contlo.mjs: the same SDK for bundler users: `import contlo from 'contlo-track-snippet'`.
import { createContlo } from './sdk';

export { createContlo, VERSION } from './sdk';
export { ContloError } from './core/errors';
export type { Contlo, InitOptions, Profile } from './sdk';
export type { ChargedDetails } from './core/charged';
export type { FlushResult } from './core/batcher';
export type { DropInfo, WireRecord } from './core/types';

/** The SDK instance (the same object the script tag puts on window.contlo). */
const contlo = createContlo(() => import('./push'));
export default contlo;
