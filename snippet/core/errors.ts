/** The error every rejected call carries; `fields` names each offending field. */
export class ContloError extends Error {
  fields: string[];
  constructor(message: string, fields: string[] = []) {
    super(message);
    this.name = 'ContloError';
    this.fields = fields;
  }
}

/** Throws one ContloError listing every problem found, if any. */
export function failIf(problems: [field: string, message: string][], what: string): void {
  if (problems.length) {
    throw new ContloError(`${what}: ${problems.map((p) => p[1]).join('; ')}`, problems.map((p) => p[0]));
  }
}
