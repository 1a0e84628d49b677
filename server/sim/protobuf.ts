// Decodes the Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`) that
// kubectl sends for built-in types, into the JSON shape the rest of the simulator handles. Only the
// kinds kubectl creates this way are known; everything else is refused with a pointer to JSON.

export class ProtobufDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }
}

export class UnsupportedProtobufError extends Error {
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(
      `protobuf decoding of ${apiVersion}/${kind} is not supported by the simulator; send JSON`,
    );
    this.name = 'UnsupportedProtobufError';
  }
}

// ---------------------------------------------------------------------------------------------
// Wire format

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

class WireReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.buf[this.pos];
      if (byte === undefined) throw this.truncated();
      this.pos++;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new ProtobufDecodeError(`malformed varint ending at offset ${this.pos}`);
  }

  tag(): { field: number; wire: number } {
    const key = this.varint();
    const field = Number(key >> 3n);
    if (field === 0 || field > 0x1fffffff) {
      throw new ProtobufDecodeError(`invalid field number ${field} at offset ${this.pos}`);
    }
    return { field, wire: Number(key & 7n) };
  }

  bytes(): Uint8Array {
    const length = this.varint();
    if (length > BigInt(this.buf.length - this.pos)) throw this.truncated();
    const start = this.pos;
    this.pos += Number(length);
    return this.buf.subarray(start, this.pos);
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.advance(8);
        return;
      case WIRE_LEN:
        this.bytes();
        return;
      case WIRE_FIXED32:
        this.advance(4);
        return;
      default:
        // Groups (3, 4) never occur in Kubernetes types; 6 and 7 are not wire types at all.
        throw new ProtobufDecodeError(`unsupported wire type ${wire} at offset ${this.pos}`);
    }
  }

  private advance(n: number): void {
    if (this.buf.length - this.pos < n) throw this.truncated();
    this.pos += n;
  }

  private truncated(): ProtobufDecodeError {
    return new ProtobufDecodeError(`truncated protobuf data at offset ${this.pos}`);
  }
}

const utf8 = new TextDecoder('utf-8');

function text(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

// ---------------------------------------------------------------------------------------------
// Schemas: field numbers from k8s.io/api and k8s.io/apimachinery generated.proto

type FieldSpec =
  | { name: string; type: 'string' | 'int32' | 'bool' | 'base64' | 'intOrString' | 'strings' }
  | { name: string; type: 'map'; values: 'string' | 'base64' }
  | { name: string; type: 'message' | 'messages'; schema: Schema };

type Schema = Readonly<Record<number, FieldSpec>>;

const str = (name: string): FieldSpec => ({ name, type: 'string' });
const int32 = (name: string): FieldSpec => ({ name, type: 'int32' });
const bool = (name: string): FieldSpec => ({ name, type: 'bool' });
const strings = (name: string): FieldSpec => ({ name, type: 'strings' });
const stringMap = (name: string): FieldSpec => ({ name, type: 'map', values: 'string' });
const bytesMap = (name: string): FieldSpec => ({ name, type: 'map', values: 'base64' });
const message = (name: string, schema: Schema): FieldSpec => ({ name, type: 'message', schema });
const messages = (name: string, schema: Schema): FieldSpec => ({ name, type: 'messages', schema });

const OBJECT_META: Schema = {
  1: str('name'),
  2: str('generateName'),
  3: str('namespace'),
  6: str('resourceVersion'),
  11: stringMap('labels'),
  12: stringMap('annotations'),
  14: strings('finalizers'),
};

const NAMESPACE: Schema = {
  1: message('metadata', OBJECT_META),
  2: message('spec', { 1: strings('finalizers') }),
};

const SERVICE_PORT: Schema = {
  1: str('name'),
  2: str('protocol'),
  3: int32('port'),
  4: { name: 'targetPort', type: 'intOrString' },
  5: int32('nodePort'),
  6: str('appProtocol'),
};

const SERVICE_SPEC: Schema = {
  1: messages('ports', SERVICE_PORT),
  2: stringMap('selector'),
  3: str('clusterIP'),
  4: str('type'),
  5: strings('externalIPs'),
  7: str('sessionAffinity'),
  8: str('loadBalancerIP'),
  9: strings('loadBalancerSourceRanges'),
  10: str('externalName'),
  11: str('externalTrafficPolicy'),
  12: int32('healthCheckNodePort'),
  13: bool('publishNotReadyAddresses'),
  14: message('sessionAffinityConfig', {
    1: message('clientIP', { 1: int32('timeoutSeconds') }),
  }),
  17: str('ipFamilyPolicy'),
  18: strings('clusterIPs'),
  19: strings('ipFamilies'),
  20: bool('allocateLoadBalancerNodePorts'),
  21: str('loadBalancerClass'),
  22: str('internalTrafficPolicy'),
  23: str('trafficDistribution'),
};

const SERVICE: Schema = {
  1: message('metadata', OBJECT_META),
  2: message('spec', SERVICE_SPEC),
};

const CONFIG_MAP: Schema = {
  1: message('metadata', OBJECT_META),
  2: stringMap('data'),
  3: bytesMap('binaryData'),
  4: bool('immutable'),
};

const SECRET: Schema = {
  1: message('metadata', OBJECT_META),
  2: bytesMap('data'),
  3: str('type'),
  4: stringMap('stringData'),
  5: bool('immutable'),
};

const SELF_SUBJECT_ACCESS_REVIEW: Schema = {
  1: message('metadata', OBJECT_META),
  2: message('spec', {
    1: message('resourceAttributes', {
      1: str('namespace'),
      2: str('verb'),
      3: str('group'),
      4: str('version'),
      5: str('resource'),
      6: str('subresource'),
      7: str('name'),
    }),
    2: message('nonResourceAttributes', { 1: str('path'), 2: str('verb') }),
  }),
};

const LABEL_SELECTOR: Schema = {
  1: stringMap('matchLabels'),
  2: messages('matchExpressions', { 1: str('key'), 2: str('operator'), 3: strings('values') }),
};

const CONTAINER: Schema = {
  1: str('name'),
  2: str('image'),
  3: strings('command'),
  4: strings('args'),
  5: str('workingDir'),
  6: messages('ports', {
    1: str('name'),
    2: int32('hostPort'),
    3: int32('containerPort'),
    4: str('protocol'),
    5: str('hostIP'),
  }),
  7: messages('env', { 1: str('name'), 2: str('value') }),
  8: message('resources', {}),
  13: str('terminationMessagePath'),
  14: str('imagePullPolicy'),
  20: str('terminationMessagePolicy'),
};

const POD_SPEC: Schema = {
  2: messages('containers', CONTAINER),
  3: str('restartPolicy'),
  4: int32('terminationGracePeriodSeconds'),
  6: str('dnsPolicy'),
  7: stringMap('nodeSelector'),
  8: str('serviceAccountName'),
  19: str('schedulerName'),
  20: messages('initContainers', CONTAINER),
};

/** `kubectl create deployment NAME --image=…` (typed clientset: protobuf). */
const DEPLOYMENT: Schema = {
  1: message('metadata', OBJECT_META),
  2: message('spec', {
    1: int32('replicas'),
    2: message('selector', LABEL_SELECTOR),
    3: message('template', { 1: message('metadata', OBJECT_META), 2: message('spec', POD_SPEC) }),
    4: message('strategy', {
      1: str('type'),
      2: message('rollingUpdate', {
        1: { name: 'maxUnavailable', type: 'intOrString' },
        2: { name: 'maxSurge', type: 'intOrString' },
      }),
    }),
    5: int32('minReadySeconds'),
    6: int32('revisionHistoryLimit'),
    7: bool('paused'),
    9: int32('progressDeadlineSeconds'),
  }),
};

const DELETE_OPTIONS: Schema = {
  1: int32('gracePeriodSeconds'),
  2: message('preconditions', { 1: str('uid'), 2: str('resourceVersion') }),
  3: bool('orphanDependents'),
  4: str('propagationPolicy'),
  5: strings('dryRun'),
};

const SELF_SUBJECT_RULES_REVIEW: Schema = {
  1: message('metadata', OBJECT_META),
  2: message('spec', { 1: str('namespace') }),
};

const SCHEMAS: ReadonlyMap<string, Schema> = new Map([
  ['authorization.k8s.io/v1/SelfSubjectRulesReview', SELF_SUBJECT_RULES_REVIEW],
  ['authentication.k8s.io/v1/SelfSubjectReview', { 1: message('metadata', OBJECT_META) }],
  [
    'authentication.k8s.io/v1/TokenRequest',
    {
      1: message('metadata', OBJECT_META),
      2: message('spec', { 1: strings('audiences'), 4: int32('expirationSeconds') }),
    },
  ],
  // client-go (helm uninstall) sends DeleteOptions as protobuf, under either group-version.
  ['meta.k8s.io/v1/DeleteOptions', DELETE_OPTIONS],
  ['v1/DeleteOptions', DELETE_OPTIONS],
  ['apps/v1/Deployment', DEPLOYMENT],
  ['v1/Namespace', NAMESPACE],
  ['v1/Service', SERVICE],
  ['v1/ConfigMap', CONFIG_MAP],
  ['v1/Secret', SECRET],
  ['authorization.k8s.io/v1/SelfSubjectAccessReview', SELF_SUBJECT_ACCESS_REVIEW],
]);

// ---------------------------------------------------------------------------------------------
// Schema-driven decoding

type JsonObject = Record<string, unknown>;

/** Map keys come from the client, so `__proto__` must become an own property, not a prototype. */
function setOwn(obj: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function expectWire(spec: FieldSpec, wire: number, expected: number): void {
  if (wire !== expected) {
    throw new ProtobufDecodeError(
      `field ${spec.name}: wire type ${wire} where ${expected} was expected`,
    );
  }
}

function childObject(obj: JsonObject, name: string): JsonObject {
  const existing = obj[name];
  if (existing !== null && typeof existing === 'object' && !Array.isArray(existing)) {
    return existing as JsonObject;
  }
  const created: JsonObject = {};
  obj[name] = created;
  return created;
}

function childArray(obj: JsonObject, name: string): unknown[] {
  const existing = obj[name];
  if (Array.isArray(existing)) return existing;
  const created: unknown[] = [];
  obj[name] = created;
  return created;
}

/** Go's protobuf writes zero values of non-pointer fields; JSON clients would omit them. */
function setScalar(obj: JsonObject, name: string, value: unknown): void {
  if (value === '' || value === 0 || value === false || value === undefined) delete obj[name];
  else obj[name] = value;
}

function decodeMapEntry(bytes: Uint8Array, values: 'string' | 'base64'): [string, string] {
  const r = new WireReader(bytes);
  let key = '';
  let value = '';
  while (!r.done) {
    const { field, wire } = r.tag();
    if ((field === 1 || field === 2) && wire === WIRE_LEN) {
      const data = r.bytes();
      if (field === 1) key = text(data);
      else value = values === 'base64' ? base64(data) : text(data);
    } else {
      r.skip(wire);
    }
  }
  return [key, value];
}

/** IntOrString {1 type, 2 intVal, 3 strVal}; JSON carries it as a bare number or string. */
function decodeIntOrString(bytes: Uint8Array): number | string | undefined {
  const r = new WireReader(bytes);
  let type = 0n;
  let intVal = 0;
  let strVal = '';
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_VARINT) type = r.varint();
    else if (field === 2 && wire === WIRE_VARINT) intVal = Number(BigInt.asIntN(32, r.varint()));
    else if (field === 3 && wire === WIRE_LEN) strVal = text(r.bytes());
    else r.skip(wire);
  }
  if (type === 1n) return strVal === '' ? undefined : strVal;
  return intVal === 0 ? undefined : intVal;
}

function decodeField(obj: JsonObject, spec: FieldSpec, r: WireReader, wire: number): void {
  switch (spec.type) {
    case 'int32':
      expectWire(spec, wire, WIRE_VARINT);
      setScalar(obj, spec.name, Number(BigInt.asIntN(32, r.varint())));
      return;
    case 'bool':
      expectWire(spec, wire, WIRE_VARINT);
      setScalar(obj, spec.name, r.varint() !== 0n);
      return;
    default:
      expectWire(spec, wire, WIRE_LEN);
      decodeLengthDelimited(obj, spec, r.bytes());
  }
}

function decodeLengthDelimited(obj: JsonObject, spec: FieldSpec, bytes: Uint8Array): void {
  switch (spec.type) {
    case 'string':
      setScalar(obj, spec.name, text(bytes));
      return;
    case 'base64':
      setScalar(obj, spec.name, base64(bytes));
      return;
    case 'intOrString':
      setScalar(obj, spec.name, decodeIntOrString(bytes));
      return;
    case 'strings':
      childArray(obj, spec.name).push(text(bytes));
      return;
    case 'map': {
      const [key, value] = decodeMapEntry(bytes, spec.values);
      setOwn(childObject(obj, spec.name), key, value);
      return;
    }
    case 'message':
      // A repeated occurrence of a singular message merges into it, as protobuf specifies.
      decodeMessage(bytes, spec.schema, childObject(obj, spec.name));
      return;
    case 'messages':
      childArray(obj, spec.name).push(decodeMessage(bytes, spec.schema, {}));
      return;
    default:
      throw new ProtobufDecodeError(`field ${spec.name}: unexpected length-delimited data`);
  }
}

function decodeMessage(bytes: Uint8Array, schema: Schema, into: JsonObject): JsonObject {
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wire } = r.tag();
    const spec = schema[field];
    if (spec) decodeField(into, spec, r, wire);
    else r.skip(wire);
  }
  return into;
}

// ---------------------------------------------------------------------------------------------
// Envelope: `k8s\0` + runtime.Unknown {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding,
// 4 contentType}

const MAGIC = [0x6b, 0x38, 0x73, 0x00] as const;

type Envelope = { apiVersion: string; kind: string; raw: Uint8Array; contentEncoding: string };

function hasMagic(buf: Uint8Array): boolean {
  return buf.length >= MAGIC.length && MAGIC.every((b, i) => buf[i] === b);
}

function decodeTypeMeta(bytes: Uint8Array): { apiVersion: string; kind: string } {
  const meta = decodeMessage(bytes, { 1: str('apiVersion'), 2: str('kind') }, {});
  const { apiVersion, kind } = meta;
  return {
    apiVersion: typeof apiVersion === 'string' ? apiVersion : '',
    kind: typeof kind === 'string' ? kind : '',
  };
}

function decodeEnvelope(buf: Uint8Array): Envelope {
  if (!hasMagic(buf)) {
    throw new ProtobufDecodeError(
      'not a Kubernetes protobuf body: expected the 4-byte prefix "k8s\\0"',
    );
  }
  const r = new WireReader(buf.subarray(MAGIC.length));
  const envelope: Envelope = {
    apiVersion: '',
    kind: '',
    raw: new Uint8Array(),
    contentEncoding: '',
  };
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field < 1 || field > 3 || wire !== WIRE_LEN) {
      r.skip(wire);
      continue;
    }
    const data = r.bytes();
    if (field === 1) Object.assign(envelope, decodeTypeMeta(data));
    else if (field === 2) envelope.raw = data;
    else envelope.contentEncoding = text(data);
  }
  if (envelope.kind === '') {
    throw new ProtobufDecodeError('Kubernetes protobuf body has no typeMeta.kind');
  }
  return envelope;
}

/**
 * Decodes a `k8s\0`-prefixed protobuf body into the object a JSON client would have sent,
 * including `apiVersion` and `kind`. Zero values are left out, as Go's JSON encoding would.
 */
export function decodeKubeProtobuf(buf: Uint8Array): {
  apiVersion: string;
  kind: string;
  object: Record<string, unknown>;
} {
  const { apiVersion, kind, raw, contentEncoding } = decodeEnvelope(buf);
  const schema = SCHEMAS.get(`${apiVersion}/${kind}`);
  if (!schema) throw new UnsupportedProtobufError(apiVersion, kind);
  if (contentEncoding !== '') {
    throw new ProtobufDecodeError(`unsupported protobuf contentEncoding ${contentEncoding}`);
  }
  const object = decodeMessage(raw, schema, { apiVersion, kind });
  return { apiVersion, kind, object };
}
