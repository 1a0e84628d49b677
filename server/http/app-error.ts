export type AppErrorCode =
  'bad_request' | 'not_found' | 'kubeconfig_invalid' | 'unavailable' | 'internal';

const HTTP_STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  not_found: 404,
  kubeconfig_invalid: 500,
  unavailable: 503,
  internal: 500,
};

/** An expected failure with a code that maps to one HTTP status; its message is safe to show. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}
