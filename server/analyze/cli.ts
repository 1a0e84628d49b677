// `npm run analyze`: the segment engine against live clusters, without the web server, for CI
// gates the way platform teams use `istioctl analyze`.
//   npm run analyze -- [--kubeconfig PATH] [--context NAME ...] [--output text|json]
//                      [--fail-on error|warning|never] [-f DIR] [--show-fixes] [--show-suppressed]
// Exit codes: 0 clean, 1 a finding at or above --fail-on, 2 usage error or no cluster readable.
import { parseArgs } from 'node:util';

import { analyze } from '@/lib/analyze';
import { buildSnapshot } from '@/lib/model/build-snapshot';
import { overlayFleet } from '@/lib/model/overlay';

import { readCluster } from '../clusters/read-cluster';
import { loadKubeconfig } from '../config/kubeconfig';
import { AppError } from '../http/app-error';
import { OverlayError, readOverlay } from './overlay-files';
import { failsOn, type FailOn, jsonReport, summaryLine, textReport } from './report';

const USAGE = `usage: npm run analyze -- [--kubeconfig PATH] [--context NAME ...] [--output text|json]
                          [--fail-on error|warning|never] [-f DIR] [--show-fixes] [--show-suppressed]`;

class UsageError extends Error {}

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      kubeconfig: { type: 'string' },
      context: { type: 'string', multiple: true },
      output: { type: 'string', short: 'o', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
      file: { type: 'string', short: 'f' },
      'show-fixes': { type: 'boolean', default: false },
      'show-suppressed': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '5000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (!['text', 'json'].includes(values.output))
    throw new UsageError(`--output must be text or json, not "${values.output}"`);
  if (!['error', 'warning', 'never'].includes(values['fail-on'])) {
    throw new UsageError(`--fail-on must be error, warning or never, not "${values['fail-on']}"`);
  }
  const timeoutMs = Number(values.timeout);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new UsageError('--timeout must be a positive number of milliseconds');
  return { ...values, failOn: values['fail-on'] as FailOn, timeoutMs };
}

async function main(argv: string[]): Promise<number> {
  const opts = options(argv);
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const env = opts.kubeconfig ? { KUBECONFIG: opts.kubeconfig } : process.env;
  const { kc, contexts } = loadKubeconfig(env);
  const known = contexts.map((c) => c.name);
  const unknown = (opts.context ?? []).filter((c) => !known.includes(c));
  if (unknown.length)
    throw new UsageError(
      `unknown context ${unknown.map((c) => `"${c}"`).join(', ')}; the kubeconfig has ${known.join(', ')}`,
    );
  const selected = opts.context?.length ? known.filter((c) => opts.context?.includes(c)) : known;
  const overlay = opts.file ? readOverlay(opts.file, selected) : new Map();

  const inputs = await Promise.all(
    selected.map((context) => readCluster(kc, context, opts.timeoutMs)),
  );
  for (const c of inputs.filter((i) => !i.reachable)) {
    console.error(
      `segscope analyze: cluster ${c.context} not analysed: ${c.error ?? 'unreachable'}`,
    );
  }
  const fleet = overlayFleet({ clusters: inputs }, overlay);
  const snapshot = buildSnapshot(fleet);
  const findings = analyze(snapshot);

  if (opts.output === 'json') {
    process.stdout.write(
      `${JSON.stringify(jsonReport(new Date().toISOString(), fleet.clusters, snapshot, findings), null, 2)}\n`,
    );
  } else {
    process.stdout.write(
      textReport(findings, {
        showSuppressed: opts['show-suppressed'],
        showFixes: opts['show-fixes'],
      }),
    );
  }
  console.error(`segscope analyze: ${summaryLine(findings, fleet.clusters)}`);
  if (inputs.every((c) => !c.reachable)) {
    console.error('segscope analyze: no cluster could be read');
    return 2;
  }
  return failsOn(findings, opts.failOn) ? 1 : 0;
}

const isUsage = (e: unknown) =>
  e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    // Bad flags, a bad kubeconfig and a bad -f folder are all usage errors: exit 2 with the reason.
    const known = isUsage(e) || e instanceof OverlayError || e instanceof AppError;
    console.error(
      `segscope analyze: ${known ? (e as Error).message : `unexpected failure: ${(e as Error).message}`}`,
    );
    if (isUsage(e)) console.error(USAGE);
    process.exit(2);
  },
);
