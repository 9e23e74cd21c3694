export * from './varsling-config.js';
export * from './utboks.js';
export * from './tekst.js';
export * from './dispatcher.js';
export * from './kanaler.js';
export * from './paaminnelser.js';
export * from './varsling.service.js';
