// Child of the engine bench: builds and analyses one synthetic fleet in a fresh process and
// reports the process's peak RSS (getrusage maxrss), so that the figure is the engine's alone.
import { analyze } from '../../lib/analyze';
import { buildSnapshot } from '../../lib/model/build-snapshot';
import { parseSyntheticSize } from '../sim/synthetic';
import { syntheticInput } from './engine';

const size = process.argv[2] ?? '200x1000';
const input = syntheticInput(parseSyntheticSize(size));
const findings = analyze(buildSnapshot(input));
if (findings.length < 0) throw new Error('unreachable'); // keeps the result alive until measured
process.send?.({ peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) });
