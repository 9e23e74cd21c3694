export * from './aktoer.js';
export * from './lokal-hemmelighet.js';
export * from './medlemskap.js';
export * from './offentlig.js';
