// dist/contlo.mjs: the same SDK for bundler users: `import contlo from 'contlo-track-snippet'`.
import { createContlo as create, type Loader } from './sdk';

export { VERSION } from './sdk';
export { ContloError } from './core/errors';
export type { Contlo, InitOptions, Loader, Profile } from './sdk';
export type { ChargedDetails } from './core/charged';
export type { FlushResult } from './core/batcher';
export type { DropInfo, WireRecord } from './core/types';

/** The lazy modules of the script-tag build, bundled in here. */
const modules = ((name: string) => (name === 'push' ? import('./push') : import('./core/v1'))) as Loader;

/** Creates an SDK instance; `load` fetches its optional modules (bundled ones by default). */
export const createContlo = (load: Loader = modules) => create(load);

/** The SDK instance (the same object the script tag puts on window.contlo). */
const contlo = createContlo();
export default contlo;
