import { createRequire } from 'node:module';
import type { FastifySchemaValidationError, FastifyServerOptions } from 'fastify';

type BuildValidator = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;
type Compiler = ReturnType<BuildValidator>;
type RouteSchema = Parameters<Compiler>[0];
type Validate = ((data: unknown, dataCxt?: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

/**
 * Fastify's own validator builder (@fastify/ajv-compiler, with the server's `ajv` options), except
 * that Ajv is loaded, and each route's schema compiled, on the route's first call instead of at start:
 * compiling the schemas of every operation was a third of the start-up's CPU and several MiB of heap
 * that an idle server kept, for routes most deployments never call. Validation itself is Fastify's
 * (same compiler, same options, same errors); a schema Ajv refuses fails that route's first call
 * with a 500 (every operation's schema is compiled by the API tests).
 */
export function lazyValidatorBuilder(): BuildValidator {
  let ajvCompiler: BuildValidator | undefined;
  return ((externalSchemas, options) => {
    let compiler: Compiler | undefined;
    const compile = (route: RouteSchema) => {
      // Resolved from Fastify's own folder: the compiler Fastify would load itself, whatever npm hoisted.
      ajvCompiler ??= (createRequire(createRequire(import.meta.url).resolve('fastify'))('@fastify/ajv-compiler') as () => BuildValidator)();
      compiler ??= ajvCompiler(externalSchemas, options);
      return compiler(route) as unknown as Validate;
    };
    return ((route: RouteSchema) => lazyValidate(() => compile(route))) as unknown as Compiler;
  }) as BuildValidator;
}

function lazyValidate(compile: () => Validate): Validate {
  let real: Validate | undefined;
  const validate: Validate & { schemaEnv?: unknown } = (data, dataCxt) => {
    real ??= compile();
    const ok = real(data, dataCxt);
    validate.errors = real.errors;
    return ok;
  };
  validate.errors = null;
  // Fastify hands an Ajv validator (one with a schemaEnv) its parent object, so that Ajv may replace
  // a root value; this one passes it on to the Ajv validator it stands for.
  validate.schemaEnv = true;
  return validate;
}
