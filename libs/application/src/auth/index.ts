export * from './aktoer.js';
export * from './innsyn.js';
export * from './innsyn-lesemodeller.js';
export * from './lokal-hemmelighet.js';
export * from './medlemskap.js';
export * from './offentlig.js';
