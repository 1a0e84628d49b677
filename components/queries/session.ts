'use client';

import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { ErrorResponseSchema } from '@/lib/api/contract';
import { type SessionInfoDto, SessionInfoSchema } from '@/lib/api/session';

import { getJson } from './get-json';

/** The session lives outside `fleetKeys.all`: a fleet revision does not change who is signed in. */
export const sessionKey = ['session'] as const;

export const sessionOptions = () =>
  queryOptions({
    queryKey: sessionKey,
    queryFn: () => getJson('/api/session', SessionInfoSchema),
    staleTime: 60_000,
    // A session can expire on the server; the header should not claim it for long after.
    refetchInterval: 5 * 60_000,
  });

export const useSession = () => useQuery(sessionOptions());

/** An API error with its HTTP status, so that forms can tell 401 from 429. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/**
 * Every mutation of the console goes through here: JSON body, same-origin credentials, and the
 * session's CSRF token in `x-csrf-token` (the server refuses a cookie-authenticated write
 * without it). Non-2xx answers throw an ApiError with the server's message.
 */
export async function sendJson(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  options: { body?: unknown; csrfToken?: string } = {},
): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.csrfToken) headers['x-csrf-token'] = options.csrfToken;
  const response = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = ErrorResponseSchema.safeParse(body);
    throw new ApiError(
      parsed.success ? parsed.data.error.message : `${url} answered ${response.status}`,
      response.status,
      body,
    );
  }
  return body;
}

/** The CSRF token of the signed-in session, for `sendJson` (undefined when signed out). */
export const useCsrfToken = () => useSession().data?.csrfToken;

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (token: string) =>
      SessionInfoSchema.parse(await sendJson('POST', '/api/session', { body: { token } })),
    onSuccess: (info: SessionInfoDto) => client.setQueryData(sessionKey, info),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (csrfToken: string | undefined) =>
      SessionInfoSchema.parse(await sendJson('DELETE', '/api/session', { csrfToken })),
    onSuccess: (info: SessionInfoDto) => client.setQueryData(sessionKey, info),
    onError: () => client.invalidateQueries({ queryKey: sessionKey }),
  });
}
