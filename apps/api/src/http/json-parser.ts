/**
 * The JSON body parser of the HTTP edge: it runs inside Fastify's content-type parsing, before any body
 * reaches Nest, the validation pipe or class-transformer (which recurses and overflows the stack on
 * bodies nested a few thousand levels deep). Its limits:
 *
 * - nesting depth at most `maxDepth` objects/arrays, checked by a linear, non-recursive scan of the
 *   text *before* `JSON.parse` (which itself recurses);
 * - no `__proto__` key and no `constructor` key holding a `prototype` anywhere (prototype poisoning,
 *   as Fastify's secure-json-parse refuses them), checked by an iterative walk;
 * - the size limit (SAKSGANG_BODY_LIMIT) is Fastify's `bodyLimit`, given to the parser's registration.
 *
 * Every refusal is an {@link EdgeProblemError} the problem filter turns into problem+json.
 */
import { EdgeProblemError } from './edge-problem.error.js';

export type JsonBodyParser = (req: unknown, body: Buffer | string) => Promise<unknown>;

/** Depth of the deepest object/array in `text` (0 for a scalar); stops counting once past `limit`. */
export function jsonNestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return max;
}

/** The path (`a.b[0]`) of the first `__proto__` or `constructor.prototype` key in a parsed value, if any. */
export function poisonedKey(value: unknown): string | undefined {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: '' }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, path: `${path}[${i}]` }));
      continue;
    }
    for (const key of Object.keys(v)) {
      const child = (v as Record<string, unknown>)[key];
      const at = path ? `${path}.${key}` : key;
      if (key === '__proto__') return at;
      if (key === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype')) return `${at}.prototype`;
      stack.push({ v: child, path: at });
    }
  }
  return undefined;
}

export function createJsonBodyParser(limits: { readonly maxDepth: number }): JsonBodyParser {
  const { maxDepth } = limits;
  return async (_req, body) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim().length === 0) {
      throw new EdgeProblemError(400, 'json_tomt', 'Ugyldig forespørsel', 'Forespørselen sier at innholdet er JSON (application/json), men innholdet er tomt.');
    }
    if (jsonNestingDepth(text, maxDepth) > maxDepth) {
      throw new EdgeProblemError(
        400,
        'json_for_dypt',
        'Ugyldig forespørsel',
        `Innholdet er nøstet dypere enn grensen på ${maxDepth} nivåer (objekter og lister inne i hverandre).`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new EdgeProblemError(400, 'json_ugyldig', 'Ugyldig forespørsel', 'Innholdet er ikke gyldig JSON.');
    }
    const poisoned = poisonedKey(parsed);
    if (poisoned !== undefined) {
      throw new EdgeProblemError(
        400,
        'json_forbudt_felt',
        'Ugyldig forespørsel',
        'Innholdet har feltet «__proto__» eller «constructor.prototype», som ikke er tillatt.',
      );
    }
    return parsed;
  };
}
