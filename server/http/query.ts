import { z } from 'zod';

import { AppError } from './app-error';

/** A query parameter that may be repeated or comma-separated: `?code=SEG201,SEG203&code=PEER301`. */
export const listParam = <T extends z.ZodType<string>>(item: T) => z.array(item).optional();

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
export const contextName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9._@:/-]+$/, 'must be a kubeconfig context name');
export const dnsName = z.string().min(1).max(253).regex(DNS_NAME, 'must be a DNS name');
export const findingCode = z
  .string()
  .regex(/^[A-Z]{2,6}\d{3}$/, 'must be a finding code like SEG201');
export const severity = z.enum(['error', 'warning', 'info']);

/**
 * Parses the query of `url` against `shape` (each key a list of values); unknown parameters and
 * bad values are a 400 that says which parameter and why.
 */
export function parseQuery<S extends Record<string, z.ZodType>>(
  url: string,
  shape: S,
): z.infer<z.ZodObject<S>> {
  const params = new URL(url).searchParams;
  const raw: Record<string, string[]> = {};
  for (const [key, value] of params) {
    const values = value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    (raw[key] ??= []).push(...values);
  }
  const result = z.object(shape).strict().safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.filter((p) => typeof p === 'string').join('.') ?? '';
    const message =
      issue?.code === 'unrecognized_keys'
        ? `unknown query parameter ${issue.keys.map((k) => `"${k}"`).join(', ')}; known: ${Object.keys(shape).join(', ')}`
        : `query parameter "${where}": ${issue?.message ?? 'invalid'}`;
    throw new AppError('bad_request', message);
  }
  return result.data;
}

/** Validates path segments; a bad one is a 400 naming it. */
export function parsePath<S extends Record<string, z.ZodType>>(
  params: Record<string, string | string[] | undefined>,
  shape: S,
): z.infer<z.ZodObject<S>> {
  const decoded = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? decodeURIComponent(v) : v]),
  );
  const result = z.object(shape).safeParse(decoded);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError(
      'bad_request',
      `path segment "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'}`,
    );
  }
  return result.data;
}
