import 'server-only';

import { NextResponse } from 'next/server';

import { AppError } from './app-error';

/**
 * Wraps a route handler: AppErrors become their status with their message; anything else is a
 * generic 500, so that no detail of a failure (a token in a URL, a file path) leaks to the browser.
 */
export function withErrors<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (e) {
      if (e instanceof AppError) {
        return NextResponse.json(
          { error: { code: e.code, message: e.message } },
          { status: e.status },
        );
      }
      console.error('unhandled error in route handler', e);
      return NextResponse.json(
        { error: { code: 'internal', message: 'Internal error' } },
        { status: 500 },
      );
    }
  };
}
