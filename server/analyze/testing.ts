import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join('server', 'analyze', 'cli.ts');
/** How long one CLI run may take before it is killed. */
export const CLI_TIMEOUT_MS = 60_000;

export interface AnalyzeRun {
  /** The exit code; null when the process was killed (the deadline passed). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run analyze` as a user runs it: a child process, no shell, with a deadline. */
export function runAnalyze(args: string[]): Promise<AnalyzeRun> {
  return new Promise((done) => {
    execFile(
      TSX,
      [CLI, ...args],
      { cwd: REPO_ROOT, timeout: CLI_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}
