import type { z } from 'zod';

import { ErrorResponseSchema } from '@/lib/api/contract';

/** Fetches a console API route and validates its answer against the DTO schema. */
export async function getJson<T>(url: string, schema: z.ZodType<T>): Promise<T> {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = ErrorResponseSchema.safeParse(body);
    throw new Error(
      parsed.success ? parsed.data.error.message : `${url} answered ${response.status}`,
    );
  }
  return schema.parse(body);
}
