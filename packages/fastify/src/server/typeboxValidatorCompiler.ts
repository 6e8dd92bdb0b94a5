import { validatorOf } from '@ballast/schema';
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import Value from 'typebox/value';

/**
 * Validates request parts with TypeBox's compiled checks: the same checks and messages as the
 * config readers. Defaults are filled in; a missing body reads as `{}` (so a route whose body
 * fields are all optional can be posted bare); query, params and headers are converted from
 * strings first. Unknown fields stay errors where the schema says so (fastify's Ajv setup
 * would silently drop them).
 */
export const typeboxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const validator = validatorOf(schema);
  return (input: unknown) => {
    const start = httpPart === 'body' ? (input ?? {}) : Value.Convert(schema, input);
    const value = Value.Default(schema, start);
    if (validator.Check(value)) return { value };
    return { error: validator.Errors(value) as never };
  };
};
