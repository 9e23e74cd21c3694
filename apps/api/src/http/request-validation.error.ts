import type { ValidationError } from 'class-validator';
import type { FieldProblem } from './problem.js';

/** How many field names the `detail` lists (every field is in `errors`). */
const FIELDS_IN_DETAIL = 10;
/** The longest field name the `detail` repeats (a body's unknown keys can be of any length). */
const FIELD_NAME_IN_DETAIL = 80;

/** Thrown by the validation pipe; the problem filter turns it into a 400 naming every field. */
export class RequestValidationError extends Error {
  constructor(readonly errors: FieldProblem[]) {
    super(sammendrag(errors));
    this.name = 'RequestValidationError';
  }

  static fromValidationErrors(errors: ValidationError[]): RequestValidationError {
    const out: FieldProblem[] = [];
    const walk = (list: ValidationError[], prefix: string) => {
      for (const e of list) {
        const field = prefix ? `${prefix}.${e.property}` : e.property;
        for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
          out.push({
            field,
            reason: constraint === 'whitelistValidation' ? `ukjent felt «${kort(field)}» er ikke tillatt` : paaNorsk(constraint, message, field),
          });
        }
        if (e.children?.length) walk(e.children, field);
      }
    };
    walk(errors, '');
    return new RequestValidationError(out);
  }
}

/** The problem's `detail`: which fields are wrong, in Norwegian and bounded; the reasons are in `errors`. */
function sammendrag(errors: readonly FieldProblem[]): string {
  const fields = [...new Set(errors.map((e) => e.field))];
  if (fields.length === 0) return 'Forespørselen er ikke gyldig.';
  const listed = fields.slice(0, FIELDS_IN_DETAIL).map((f) => `«${kort(f)}»`);
  const more = fields.length > FIELDS_IN_DETAIL ? ` og ${fields.length - FIELDS_IN_DETAIL} til` : '';
  if (fields.length === 1) return `Ugyldig verdi for ${listed[0]}: ${errors.find((e) => e.field === fields[0])!.reason}.`;
  return `Ugyldige verdier for ${listed.join(', ')}${more}. Grunnen for hvert felt står i «errors».`;
}

function kort(text: string): string {
  return text.length <= FIELD_NAME_IN_DETAIL ? text : `${text.slice(0, FIELD_NAME_IN_DETAIL - 1)}…`;
}

/**
 * class-validator's default messages (English) in Norwegian. A DTO's own message (a decorator's
 * `message`) is left as the DTO wrote it.
 */
const DEFAULTS: readonly (readonly [string, RegExp, (m: RegExpExecArray, field: string) => string])[] = [
  ['isString', / must be a string$/, (_, f) => `${f} må være en tekst`],
  ['isNotEmpty', / should not be empty$/, (_, f) => `${f} kan ikke være tom`],
  ['isDefined', / should not be null or undefined$/, (_, f) => `${f} må være med`],
  ['maxLength', / must be shorter than or equal to (\d+) characters$/, (m, f) => `${f} kan ha høyst ${m[1]} tegn`],
  ['minLength', / must be longer than or equal to (\d+) characters$/, (m, f) => `${f} må ha minst ${m[1]} tegn`],
  ['isInt', / must be an integer number$/, (_, f) => `${f} må være et heltall`],
  ['isNumber', / must be a number conforming to the specified constraints$/, (_, f) => `${f} må være et tall`],
  ['isBoolean', / must be a boolean value$/, (_, f) => `${f} må være true eller false`],
  ['isIn', / must be one of the following values: (.*)$/, (m, f) => `${f} må være en av: ${m[1]}`],
  ['isEnum', / must be one of the following values: (.*)$/, (m, f) => `${f} må være en av: ${m[1]}`],
  ['isArray', / must be an array$/, (_, f) => `${f} må være en liste`],
  ['isObject', / must be an object$/, (_, f) => `${f} må være et objekt`],
  ['nestedValidation', /must be either object or array$/, (_, f) => `${f} må være et objekt eller en liste`],
  ['arrayMaxSize', / must contain no more than (\d+) elements$/, (m, f) => `${f} kan ha høyst ${m[1]} elementer`],
  ['arrayMinSize', / must contain at least (\d+) elements$/, (m, f) => `${f} må ha minst ${m[1]} elementer`],
  ['min', / must not be less than (\S+)$/, (m, f) => `${f} kan ikke være mindre enn ${m[1]}`],
  ['max', / must not be greater than (\S+)$/, (m, f) => `${f} kan ikke være større enn ${m[1]}`],
  ['isUuid', / must be a UUID$/, (_, f) => `${f} må være en UUID`],
  ['isISO8601', / must be a valid ISO 8601 date string$/, (_, f) => `${f} må være en dato etter ISO 8601`],
  ['unknownValue', /^an unknown value was passed to the validate function$/, () => 'innholdet må være et JSON-objekt'],
];

function paaNorsk(constraint: string, message: string, field: string): string {
  for (const [name, pattern, norsk] of DEFAULTS) {
    if (name.toLowerCase() !== constraint.toLowerCase()) continue;
    const m = pattern.exec(message);
    if (m) return norsk(m, kort(field));
  }
  return message;
}
