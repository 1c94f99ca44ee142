import type { FieldValues, Resolver } from "react-hook-form";
import type { ZodType } from "zod";

/**
 * zodResolver, with zod and the step's schema fetched the first time the form validates (submit or
 * Test) instead of with the page. zod is ~45 kB gzipped; the wizard's pages stay light until needed.
 */
export function lazyZodResolver<TValues extends FieldValues, TOutput = TValues>(load: () => Promise<ZodType>): Resolver<TValues, unknown, TOutput> {
  let ready: Promise<Resolver<TValues, unknown, TOutput>> | null = null;
  return async (values, context, options) => {
    ready ??= Promise.all([import("@hookform/resolvers/zod"), load()]).then(
      ([{ zodResolver }, schema]) => zodResolver(schema as never) as unknown as Resolver<TValues, unknown, TOutput>,
    );
    return (await ready)(values, context, options);
  };
}
