export * from './korrespondansepart.js';
