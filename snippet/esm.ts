// dist/contlo.mjs: the same SDK for bundler users: `import contlo from 'contlo-track-snippet'`.
import { createContlo, type Loader } from './sdk';

export { createContlo, VERSION } from './sdk';
export { ContloError } from './core/errors';
export type { Contlo, InitOptions, Profile } from './sdk';
export type { ChargedDetails } from './core/charged';
export type { FlushResult } from './core/batcher';
export type { DropInfo, WireRecord } from './core/types';

/** The SDK instance (the same object the script tag puts on window.contlo). */
const contlo = createContlo(((name: string) => (name === 'push' ? import('./push') : import('./core/v1'))) as Loader);
export default contlo;
