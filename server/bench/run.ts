// `npm run bench`: speed of the parts of Segscope that have a budget, reported as medians and
// peak memory. Numbers are for reading and comparing, never asserted (shared, noisy machines).
//   npm run bench -- [--json] [--out FILE] [--only engine|sim|server|plans|ui[,…]] [--detectors]
// `--json` prints one JSON document (use `npm run -s bench -- --json`: npm itself prints a banner
// otherwise); `--out FILE` also writes it to FILE.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { engineBench } from './engine';
import { plansBench } from './plans';
import { Reporter } from './report';
import { serverBench } from './server';
import { simBench } from './sim';
import { uiBench } from './ui';
import { layoutBench } from './ui-layout';

const root = join(import.meta.dirname, '..', '..');

/** The pinned kubectl, installed the way `npm test` does, so that a fresh clone can bench. */
function ensureKubectl(): string {
  if (process.env.KUBECTL) return process.env.KUBECTL;
  execFileSync(process.execPath, [join(root, 'server', 'cli', 'ensure-kubectl.mjs')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return join(root, '.tools', 'kubectl');
}

const PARTS = {
  engine: (report: Reporter, options: { detectors: boolean }) => engineBench(report, options),
  sim: (report: Reporter) => simBench(report, { kubectl: ensureKubectl() }),
  server: (report: Reporter) => serverBench(report, { kubectl: ensureKubectl() }),
  plans: (report: Reporter) => plansBench(report),
  ui: async (report: Reporter) => {
    await layoutBench(report);
    await uiBench(report);
  },
} satisfies Record<string, (report: Reporter, options: { detectors: boolean }) => unknown>;

type Part = keyof typeof PARTS;
const isPart = (name: string): name is Part => name in PARTS;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      detectors: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const wanted = values.only?.split(',').map((p) => p.trim()) ?? Object.keys(PARTS);
  const unknown = wanted.filter((p) => !isPart(p));
  if (unknown.length > 0) {
    console.error(
      `npm run bench: unknown part ${unknown.join(', ')}; parts: ${Object.keys(PARTS).join(', ')}`,
    );
    process.exit(2);
  }
  const report = new Reporter(values.json);
  report.log(`segscope bench on node ${process.version}, ${new Date().toISOString()}`);
  for (const part of wanted as Part[]) await PARTS[part](report, { detectors: values.detectors });
  const result = report.report();
  const document = JSON.stringify(result, null, 2);
  if (values.out) writeFileSync(values.out, `${document}\n`);
  if (values.json) console.log(document);
  else console.log(`peak RSS ${result.peakRssMiB} MiB`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
