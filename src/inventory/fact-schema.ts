import { z } from 'zod';

/** The loader's schema of a CollectionError. */
export const collectionError = z
  .object({
    service: z.string(),
    operation: z.string(),
    code: z.string(),
    message: z.string(),
    account: z.string().optional(),
    region: z.string().optional(),
    resource: z.string().optional(),
  })
  .strict();

/** The loader's schema of a Fact<T>: collected with its value, or unavailable with its error. */
export function fact<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }).strict(),
    z.object({ ok: z.literal(false), error: collectionError }).strict(),
  ]);
}
