import { z } from 'zod';

/** What `GET /api/session` returns (server/auth/auth.ts `SessionInfo`). */
export const SessionInfoSchema = z.object({
  signedIn: z.boolean(),
  user: z.object({ name: z.string(), role: z.literal('admin') }).optional(),
  csrfToken: z.string().optional(),
  expiresAt: z.string().optional(),
  writesEnabled: z.boolean(),
  demo: z.boolean(),
});
export type SessionInfoDto = z.infer<typeof SessionInfoSchema>;
