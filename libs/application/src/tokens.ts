/** Injection tokens. Nothing in saksgang is a module-level singleton: everything comes through Nest's container. */
export const EVENT_STORE = Symbol('saksgang.EventStore');
export const SQL_CLIENT = Symbol('saksgang.SqlClient');
export const SAKSGANG_CONFIG = Symbol('saksgang.Config');
