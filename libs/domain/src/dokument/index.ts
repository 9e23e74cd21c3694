export * from './typer.js';
export * from './arbeidsflyt.js';
export * from './dokument-decider.js';
