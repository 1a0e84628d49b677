import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { ProtobufDecodeError, UnsupportedProtobufError, decodeKubeProtobuf } from './protobuf';
import { requireKubectl } from './testing/kubectl';

// ---------------------------------------------------------------------------------------------
// A minimal encoder, so that round trips cover fields kubectl itself never sends.

const textEncoder = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function varint(value: number | bigint): Uint8Array {
  // Negative int32s are sign-extended to ten bytes on the wire.
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  while (v >= 0x80n) {
    bytes.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  bytes.push(Number(v));
  return Uint8Array.from(bytes);
}

const key = (field: number, wire: number): Uint8Array => varint((field << 3) | wire);
const int = (field: number, value: number | bigint): Uint8Array =>
  concat(key(field, 0), varint(value));
const bytes = (field: number, data: Uint8Array): Uint8Array =>
  concat(key(field, 2), varint(data.length), data);
const str = (field: number, s: string): Uint8Array => bytes(field, textEncoder.encode(s));
const msg = (field: number, ...parts: Uint8Array[]): Uint8Array => bytes(field, concat(...parts));
const map = (field: number, entries: Record<string, string>): Uint8Array =>
  concat(...Object.entries(entries).map(([k, v]) => msg(field, str(1, k), str(2, v))));

function envelope(apiVersion: string, kind: string, ...raw: Uint8Array[]): Uint8Array {
  return concat(
    Uint8Array.from([0x6b, 0x38, 0x73, 0x00]),
    msg(1, str(1, apiVersion), str(2, kind)),
    msg(2, ...raw),
    str(3, ''),
    str(4, ''),
  );
}

/** Go writes every non-pointer field, zero or not; the decoder must drop these. */
const zeroObjectMeta = [str(2, ''), str(3, ''), str(4, ''), str(5, ''), str(6, ''), int(7, 0)];

// ---------------------------------------------------------------------------------------------
// Bodies captured from kubectl v1.32.3 against a recording node:http server (server dry run).

const captured = {
  // kubectl create namespace foo
  namespace:
    '6b3873000a0f0a02763112094e616d657370616365121b0a130a03666f6f12001a0022002a0032003800420012001a020a001a002200',
  // kubectl create service clusterip web --tcp=80:8080
  serviceClusterIP:
    '6b3873000a0d0a02763112075365727669636512690a1f0a0377656212001a0022002a003200380042005a0a0a03617070120377656212420a1b0a0738302d38303830120354435018502207080010903f1a002800120a0a0361707012037765621a002209436c757374657249503a00420052005a00600068001a020a001a002200',
  // kubectl create service nodeport np --tcp=8080:http --node-port=30080
  serviceNodePort:
    '6b3873000a0d0a027631120753657276696365126d0a1d0a026e7012001a0022002a003200380042005a090a0361707012026e7012480a230a09383038302d68747470120354435018903f220a080110001a04687474702880eb0112090a0361707012026e701a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200',
  // kubectl create configmap cm --from-literal=a=b
  configMap:
    '6b3873000a0f0a0276311209436f6e6669674d6170121c0a120a02636d12001a0022002a0032003800420012060a01611201621a002200',
  // kubectl create configmap bin -n team-a --from-file=blob=<ff 00 01> --from-literal=empty=
  configMapBinary:
    '6b3873000a0f0a0276311209436f6e6669674d617012330a190a0362696e12001a067465616d2d6122002a0032003800420012090a05656d70747912001a0b0a04626c6f621203ff00011a002200',
  // kubectl create secret generic s1 --from-literal=password=hunter2
  secret:
    '6b3873000a0c0a0276311206536563726574122b0a120a02733112001a0022002a0032003800420012130a0870617373776f7264120768756e746572321a001a002200',
  // kubectl create secret docker-registry reg --docker-server=r.example --docker-username=u
  //   --docker-password=p
  secretDockerConfig:
    '6b3873000a0c0a02763112065365637265741291010a130a0372656712001a0022002a00320038004200125a0a112e646f636b6572636f6e6669676a736f6e12457b226175746873223a7b22722e6578616d706c65223a7b22757365726e616d65223a2275222c2270617373776f7264223a2270222c2261757468223a2264547077227d7d7d1a1e6b756265726e657465732e696f2f646f636b6572636f6e6669676a736f6e1a002200',
  // kubectl auth can-i list pods -n default
  canIListPods:
    '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577123d0a100a0012001a0022002a00320038004200121f0a1d0a0764656661756c7412046c6973741a0022002a04706f647332003a001a08080012001a0020001a002200',
  // kubectl auth can-i get services/web --subresource=status -n kube-system
  canIGetSubresource:
    '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577124d0a100a0012001a0022002a00320038004200122f0a2d0a0b6b7562652d73797374656d12036765741a0022002a08736572766963657332067374617475733a037765621a08080012001a0020001a002200',
  // kubectl auth can-i get /logs
  canINonResource:
    '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577122c0a100a0012001a0022002a00320038004200120e120c0a052f6c6f677312036765741a08080012001a0020001a002200',
} as const;

const AUTHZ = 'authorization.k8s.io/v1';
const SSAR = 'SelfSubjectAccessReview';

describe('decodeKubeProtobuf on bodies captured from kubectl', () => {
  it.each<[keyof typeof captured, Record<string, unknown>]>([
    ['namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo' }, spec: {} }],
    [
      'serviceClusterIP',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', labels: { app: 'web' } },
        spec: {
          ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
          selector: { app: 'web' },
          type: 'ClusterIP',
        },
      },
    ],
    [
      'serviceNodePort',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'np', labels: { app: 'np' } },
        spec: {
          ports: [
            { name: '8080-http', protocol: 'TCP', port: 8080, targetPort: 'http', nodePort: 30080 },
          ],
          selector: { app: 'np' },
          type: 'NodePort',
        },
      },
    ],
    [
      'configMap',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 'b' } },
    ],
    [
      'configMapBinary',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'bin', namespace: 'team-a' },
        data: { empty: '' },
        binaryData: { blob: '/wAB' },
      },
    ],
    [
      'secret',
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's1' },
        data: { password: Buffer.from('hunter2').toString('base64') },
      },
    ],
    [
      'secretDockerConfig',
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'reg' },
        data: {
          '.dockerconfigjson': Buffer.from(
            '{"auths":{"r.example":{"username":"u","password":"p","auth":"dTpw"}}}',
          ).toString('base64'),
        },
        type: 'kubernetes.io/dockerconfigjson',
      },
    ],
    [
      'canIListPods',
      {
        apiVersion: AUTHZ,
        kind: SSAR,
        metadata: {},
        spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } },
      },
    ],
    [
      'canIGetSubresource',
      {
        apiVersion: AUTHZ,
        kind: SSAR,
        metadata: {},
        spec: {
          resourceAttributes: {
            namespace: 'kube-system',
            verb: 'get',
            resource: 'services',
            subresource: 'status',
            name: 'web',
          },
        },
      },
    ],
    [
      'canINonResource',
      {
        apiVersion: AUTHZ,
        kind: SSAR,
        metadata: {},
        spec: { nonResourceAttributes: { path: '/logs', verb: 'get' } },
      },
    ],
  ])('%s', (name, expected) => {
    const decoded = decodeKubeProtobuf(Buffer.from(captured[name], 'hex'));
    expect(decoded.apiVersion).toBe(expected.apiVersion);
    expect(decoded.kind).toBe(expected.kind);
    expect(decoded.object).toStrictEqual(expected);
  });
});

describe('decodeKubeProtobuf round trips', () => {
  it('decodes a Namespace with labels, annotations and finalizers', () => {
    const body = envelope(
      'v1',
      'Namespace',
      msg(
        1,
        str(1, 'team-a'),
        ...zeroObjectMeta,
        map(11, { team: 'a', 'istio.io/dataplane-mode': 'ambient' }),
        map(12, { note: 'hello, world', empty: '' }),
        str(14, 'example.com/cleanup'),
      ),
      msg(2, str(1, 'kubernetes')),
    );
    expect(decodeKubeProtobuf(body).object).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'team-a',
        labels: { team: 'a', 'istio.io/dataplane-mode': 'ambient' },
        annotations: { note: 'hello, world', empty: '' },
        finalizers: ['example.com/cleanup'],
      },
      spec: { finalizers: ['kubernetes'] },
    });
  });

  it('decodes a Service with two ports, a named targetPort and every spec field', () => {
    const body = envelope(
      'v1',
      'Service',
      msg(
        1,
        str(1, 'reviews'),
        str(3, 'bookinfo'),
        str(6, '42'),
        map(11, { app: 'reviews', version: 'v1' }),
        map(12, { 'networking.istio.io/traffic-distribution': 'PreferClose' }),
      ),
      msg(
        2,
        msg(1, str(1, 'http'), str(2, 'TCP'), int(3, 9080), msg(4, int(1, 0), int(2, 9080))),
        msg(
          1,
          str(1, 'grpc'),
          str(2, 'TCP'),
          int(3, 9090),
          msg(4, int(1, 1), int(2, 0), str(3, 'grpc-port')),
          int(5, 30090),
          str(6, 'kubernetes.io/h2c'),
        ),
        map(2, { app: 'reviews' }),
        str(3, '10.96.0.15'),
        str(4, 'NodePort'),
        str(7, 'ClientIP'),
        str(10, ''),
        str(11, 'Local'),
        int(12, 0),
        int(13, 1),
        msg(14, msg(1, int(1, 10800))),
        str(17, 'SingleStack'),
        str(18, '10.96.0.15'),
        str(19, 'IPv4'),
        str(22, 'Cluster'),
        str(99, 'a field from a future Kubernetes'),
      ),
      msg(3, msg(1)),
    );
    expect(decodeKubeProtobuf(body).object).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'reviews',
        namespace: 'bookinfo',
        resourceVersion: '42',
        labels: { app: 'reviews', version: 'v1' },
        annotations: { 'networking.istio.io/traffic-distribution': 'PreferClose' },
      },
      spec: {
        ports: [
          { name: 'http', protocol: 'TCP', port: 9080, targetPort: 9080 },
          {
            name: 'grpc',
            protocol: 'TCP',
            port: 9090,
            targetPort: 'grpc-port',
            nodePort: 30090,
            appProtocol: 'kubernetes.io/h2c',
          },
        ],
        selector: { app: 'reviews' },
        clusterIP: '10.96.0.15',
        type: 'NodePort',
        sessionAffinity: 'ClientIP',
        externalTrafficPolicy: 'Local',
        publishNotReadyAddresses: true,
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        ipFamilyPolicy: 'SingleStack',
        clusterIPs: ['10.96.0.15'],
        ipFamilies: ['IPv4'],
        internalTrafficPolicy: 'Cluster',
      },
    });
  });

  it('decodes an ExternalName Service and drops a zero targetPort', () => {
    const body = envelope(
      'v1',
      'Service',
      msg(1, str(1, 'ext')),
      msg(
        2,
        msg(1, int(3, 443), msg(4, int(1, 0), int(2, 0))),
        str(4, 'ExternalName'),
        str(10, 'example.com'),
      ),
    );
    expect(decodeKubeProtobuf(body).object).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ext' },
      spec: { ports: [{ port: 443 }], type: 'ExternalName', externalName: 'example.com' },
    });
  });

  it('decodes a ConfigMap with data, binaryData and immutable', () => {
    const body = envelope(
      'v1',
      'ConfigMap',
      msg(1, str(1, 'cfg'), str(3, 'default'), ...zeroObjectMeta.slice(2)),
      map(2, { 'mesh.yaml': 'a: 1\nb: [2]\n', unicode: 'héllo ✓' }),
      msg(3, str(1, 'logo.png'), bytes(2, Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 255]))),
      int(4, 1),
    );
    expect(decodeKubeProtobuf(body).object).toStrictEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'default' },
      data: { 'mesh.yaml': 'a: 1\nb: [2]\n', unicode: 'héllo ✓' },
      binaryData: { 'logo.png': 'iVBORwD/' },
      immutable: true,
    });
  });

  it('decodes a Secret with base64 data, stringData, type and immutable', () => {
    const body = envelope(
      'v1',
      'Secret',
      msg(1, str(1, 'tls'), str(2, 'tls-')),
      msg(2, str(1, 'tls.key'), bytes(2, Uint8Array.from([0, 1, 2, 250]))),
      msg(2, str(1, 'empty')),
      str(3, 'kubernetes.io/tls'),
      map(4, { extra: 'plain' }),
      int(5, 0),
    );
    expect(decodeKubeProtobuf(body).object).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'tls', generateName: 'tls-' },
      data: { 'tls.key': 'AAEC+g==', empty: '' },
      type: 'kubernetes.io/tls',
      stringData: { extra: 'plain' },
    });
  });

  it('decodes a SelfSubjectAccessReview with every resource attribute', () => {
    const attrs = ['ns', 'watch', 'apps', 'v1', 'deployments', 'scale', 'web'];
    const body = envelope(
      AUTHZ,
      SSAR,
      msg(1),
      msg(2, msg(1, ...attrs.map((v, i) => str(i + 1, v)))),
    );
    expect(decodeKubeProtobuf(body).object).toStrictEqual({
      apiVersion: AUTHZ,
      kind: SSAR,
      metadata: {},
      spec: {
        resourceAttributes: {
          namespace: 'ns',
          verb: 'watch',
          group: 'apps',
          version: 'v1',
          resource: 'deployments',
          subresource: 'scale',
          name: 'web',
        },
      },
    });
  });

  it('keeps map keys such as __proto__ as own properties', () => {
    const body = envelope('v1', 'ConfigMap', msg(1, str(1, 'p')), map(2, { ['__proto__']: 'x' }));
    const data = decodeKubeProtobuf(body).object.data as Record<string, string>;
    expect(Object.keys(data)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
  });

  it('decodes negative int32 values and skips fixed32/fixed64 fields', () => {
    const fixed32 = concat(key(50, 5), Uint8Array.from([1, 2, 3, 4]));
    const fixed64 = concat(key(51, 1), new Uint8Array(8));
    const body = envelope(
      'v1',
      'Service',
      fixed32,
      msg(1, str(1, 'neg'), fixed64),
      msg(2, msg(1, int(3, -1)), int(12, -5)),
    );
    expect(decodeKubeProtobuf(body).object).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'neg' },
      spec: { ports: [{ port: -1 }], healthCheckNodePort: -5 },
    });
  });
});

describe('decodeKubeProtobuf errors', () => {
  it.each<[string, string, string]>([
    ['apps/v1', 'ReplicaSet', 'protobuf decoding of apps/v1/ReplicaSet is not supported'],
    ['v1', 'Pod', 'protobuf decoding of v1/Pod is not supported by the simulator; send JSON'],
    ['authorization.k8s.io/v1', 'SubjectAccessReview', 'SubjectAccessReview is not supported'],
  ])('refuses %s %s', (apiVersion, kind, message) => {
    const body = envelope(apiVersion, kind, msg(1, str(1, 'x')));
    expect(() => decodeKubeProtobuf(body)).toThrow(UnsupportedProtobufError);
    expect(() => decodeKubeProtobuf(body)).toThrow(message);
  });

  it.each<[string, Uint8Array, string]>([
    ['an empty body', new Uint8Array(), 'expected the 4-byte prefix'],
    ['a JSON body', textEncoder.encode('{"kind":"Namespace"}'), 'expected the 4-byte prefix'],
    ['the magic alone', Uint8Array.from([0x6b, 0x38, 0x73, 0x00]), 'no typeMeta.kind'],
    [
      'a truncated raw field',
      Buffer.from(captured.namespace, 'hex').subarray(0, 30),
      'truncated protobuf data',
    ],
    [
      'an overlong varint',
      concat(Uint8Array.from([0x6b, 0x38, 0x73, 0x00]), new Uint8Array(11).fill(0xff)),
      'malformed varint',
    ],
    [
      'a group wire type',
      concat(Uint8Array.from([0x6b, 0x38, 0x73, 0x00]), key(9, 3)),
      'unsupported wire type 3',
    ],
    [
      'field number zero',
      concat(Uint8Array.from([0x6b, 0x38, 0x73, 0x00]), Uint8Array.from([0x02, 0x00])),
      'invalid field number 0',
    ],
    [
      'a wrong wire type for a known field',
      envelope('v1', 'Namespace', int(1, 5)),
      'field metadata: wire type 0 where 2 was expected',
    ],
    [
      'a huge declared length',
      concat(Uint8Array.from([0x6b, 0x38, 0x73, 0x00]), key(2, 2), varint(2n ** 62n)),
      'truncated protobuf data',
    ],
  ])('rejects %s with ProtobufDecodeError', (_name, body, message) => {
    expect(() => decodeKubeProtobuf(body)).toThrow(ProtobufDecodeError);
    expect(() => decodeKubeProtobuf(body)).toThrow(message);
  });

  it('rejects a compressed raw payload', () => {
    const body = concat(
      Uint8Array.from([0x6b, 0x38, 0x73, 0x00]),
      msg(1, str(1, 'v1'), str(2, 'Namespace')),
      msg(2, msg(1, str(1, 'x'))),
      str(3, 'gzip'),
    );
    expect(() => decodeKubeProtobuf(body)).toThrow('unsupported protobuf contentEncoding gzip');
  });

  /** Deterministic, so a failure reproduces; mulberry32. */
  function prng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function expectDecodesOrRejectsCleanly(body: Uint8Array): void {
    try {
      const { object } = decodeKubeProtobuf(body);
      expect(typeof object).toBe('object');
      JSON.stringify(object);
    } catch (err) {
      const known = err instanceof ProtobufDecodeError || err instanceof UnsupportedProtobufError;
      if (!known) throw err;
    }
  }

  it('never crashes on random bytes, with or without the magic prefix', () => {
    const random = prng(0x5eed);
    for (let i = 0; i < 2000; i++) {
      const noise = Uint8Array.from({ length: Math.floor(random() * 64) }, () =>
        Math.floor(random() * 256),
      );
      expectDecodesOrRejectsCleanly(noise);
      expectDecodesOrRejectsCleanly(concat(Uint8Array.from([0x6b, 0x38, 0x73, 0x00]), noise));
    }
  });

  it('never crashes on mutated or truncated captured bodies', () => {
    const random = prng(42);
    for (const hex of Object.values(captured)) {
      const original = Buffer.from(hex, 'hex');
      for (let end = 0; end < original.length; end++) {
        expectDecodesOrRejectsCleanly(original.subarray(0, end));
      }
      for (let i = 0; i < 300; i++) {
        const mutated = Uint8Array.from(original);
        const flips = 1 + Math.floor(random() * 3);
        for (let f = 0; f < flips; f++) {
          const at = 4 + Math.floor(random() * (mutated.length - 4));
          mutated[at] = Math.floor(random() * 256);
        }
        expectDecodesOrRejectsCleanly(mutated);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The same capture, live, with the project's pinned kubectl (a missing kubectl fails, never skips).

type Recorded = { method: string; url: string; contentType: string; body: Buffer };

/** Just enough apiserver for `kubectl create --dry-run=server` to send its body. */
async function withRecordingServer<T>(
  run: (port: number) => Promise<T>,
): Promise<{ result: T; recorded: Recorded[] }> {
  const recorded: Recorded[] = [];
  const coreResources = [
    ['namespaces', 'Namespace', false],
    ['services', 'Service', true],
    ['configmaps', 'ConfigMap', true],
  ].map(([name, kind, namespaced]) => ({
    name,
    kind,
    namespaced,
    verbs: ['create', 'get', 'list'],
  }));
  const routes: Record<string, unknown> = {
    // The gcloud kubectl dispatcher picks its versioned binary from this.
    '/version': { major: '1', minor: '32', gitVersion: 'v1.32.0' },
    '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
    '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
    '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: coreResources },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const path = url.split('?')[0] ?? url;
      recorded.push({
        method: req.method ?? '',
        url,
        contentType: req.headers['content-type'] ?? '',
        body: Buffer.concat(chunks),
      });
      const known = req.method === 'POST' ? {} : routes[path];
      res.writeHead(known ? (req.method === 'POST' ? 201 : 200) : 404, {
        'content-type': 'application/json',
      });
      res.end(JSON.stringify(known ?? { kind: 'Status', status: 'Failure', code: 404 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const result = await run((server.address() as AddressInfo).port);
    return { result, recorded };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('decodeKubeProtobuf on a live kubectl', () => {
  const kubectl = requireKubectl();

  it('decodes what `kubectl create namespace` sends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-protobuf-'));
    try {
      const { recorded } = await withRecordingServer(async (port) => {
        const kubeconfig = join(dir, 'kubeconfig');
        writeFileSync(
          kubeconfig,
          JSON.stringify({
            apiVersion: 'v1',
            kind: 'Config',
            clusters: [{ name: 'sim', cluster: { server: `http://127.0.0.1:${port}` } }],
            users: [{ name: 'u', user: { token: 'test-token' } }],
            contexts: [{ name: 'sim', context: { cluster: 'sim', user: 'u' } }],
            'current-context': 'sim',
          }),
        );
        const args = ['create', 'namespace', 'live', '--dry-run=server', '--validate=false'];
        return promisify(execFile)(kubectl ?? 'kubectl', args, {
          env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache') },
          timeout: 20_000,
        });
      });
      const post = recorded.find((r) => r.method === 'POST');
      expect(post?.url).toMatch(/^\/api\/v1\/namespaces\?/);
      expect(post?.contentType).toBe('application/vnd.kubernetes.protobuf');
      expect(decodeKubeProtobuf(post?.body ?? new Uint8Array()).object).toStrictEqual({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'live' },
        spec: {},
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
