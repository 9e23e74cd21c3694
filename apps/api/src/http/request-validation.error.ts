import type { ValidationError } from 'class-validator';
import type { FieldProblem } from './problem.js';

/** Thrown by the validation pipe; the problem filter turns it into a 400 naming every field. */
export class RequestValidationError extends Error {
  constructor(readonly errors: FieldProblem[]) {
    super(errors.map((e) => `${e.field}: ${e.reason}`).join('; '));
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
            reason: constraint === 'whitelistValidation' ? `unknown field ${field} is not allowed` : message,
          });
        }
        if (e.children?.length) walk(e.children, field);
      }
    };
    walk(errors, '');
    return new RequestValidationError(out);
  }
}
