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
