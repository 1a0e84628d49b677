import pino, { type Logger } from 'pino';

/**
 * One JSON line per event. Nothing that could carry a credential is ever logged: no headers, no
 * kubeconfig, no request options; error messages are scrubbed of bearer tokens and URL userinfo
 * as a second line of defence.
 */
export function createLogger(level = process.env.SEGSCOPE_LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'segscope' },
    redact: {
      paths: ['*.token', '*.password', '*.headers', '*.authorization', '*.Authorization'],
      censor: '[redacted]',
    },
  });
}

/** A message safe to log and to show: no `Bearer …`, no `user:pass@` in URLs, no PEM blocks. */
export function scrub(message: string): string {
  return message
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]')
    .replace(/(\w+:\/\/)[^/@\s]+@/g, '$1[redacted]@')
    .replace(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g, '[redacted PEM]');
}

const LOG = Symbol.for('segscope.app-log');

/** The process's logger for everything outside the fleet store (sign-in, audit). */
export function appLog(): Logger {
  const g = globalThis as unknown as Record<symbol, Logger | undefined>;
  return (g[LOG] ??= createLogger());
}

/** Replaces the process's logger (tests capture lines with it). */
export function setAppLog(log: Logger | undefined): void {
  const g = globalThis as unknown as Record<symbol, Logger | undefined>;
  g[LOG] = log;
}
