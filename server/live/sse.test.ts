import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FleetEventSchema } from '@/lib/api/contract';

import { AppError } from '../http/app-error';
import { Fleet } from '../sim/fleet';
import { createSession, type KubectlSession } from '../sim/testing/kubectl';
import { getCluster, getFindings, getHostnames, getServices } from './api';
import { fleetStore, stopFleetStore } from './global-store';
import { eventStream } from './sse';

interface SseEvent {
  id?: string;
  event: string;
  data: unknown;
}

/** Reads SSE frames from a stream, on demand. */
function reader(stream: ReadableStream<Uint8Array>) {
  const r = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queued: SseEvent[] = [];
  return async function next(wanted: (e: SseEvent) => boolean = () => true): Promise<SseEvent> {
    for (;;) {
      const i = queued.findIndex(wanted);
      if (i >= 0) return queued.splice(0, i + 1).at(-1)!;
      const { value, done } = await r.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
        );
        if (fields.event)
          queued.push({
            id: fields.id,
            event: fields.event,
            data: JSON.parse(fields.data ?? '{}'),
          });
      }
    }
  };
}

let fleet: Fleet;
let session: KubectlSession;
const controllers: AbortController[] = [];
const open = (lastEventId: string | null) => {
  const c = new AbortController();
  controllers.push(c);
  return reader(eventStream(lastEventId, c.signal));
};

beforeAll(async () => {
  fleet = await Fleet.start({ clusters: [{ name: 'east' }, { name: 'west' }] });
  session = createSession(fleet.kubeconfig());
  process.env.KUBECONFIG = session.kubeconfigPath;
  process.env.SEGSCOPE_SSE_HEARTBEAT_MS = '200';
  process.env.SEGSCOPE_LOG_LEVEL = 'warn';
  await fleetStore().waitFor((r) => r.ready);
});

afterAll(async () => {
  for (const c of controllers) c.abort();
  stopFleetStore();
  await fleet?.stop();
});

describe('GET /api/events', () => {
  it('says hello, sends a revision event per change, heartbeats and resumes with Last-Event-ID', async () => {
    const first = open(null);
    const hello = await first((e) => e.event === 'hello');
    expect(hello.id).toBe(String(fleetStore().revision.revision));

    const result = await session.kubectl(
      ['label', 'namespace', 'istio-system', 'admin.solo.io/segment=nowhere', '--overwrite'],
      { context: 'east' },
    );
    expect(result.code, result.stderr).toBe(0);
    const change = await first(
      (e) =>
        e.event === 'revision' &&
        FleetEventSchema.parse(e.data).findings.added.some((f) => f.code === 'SEG203'),
    );
    expect(Number(change.id)).toBeGreaterThan(Number(hello.id));
    expect(await first((e) => e.event === 'heartbeat')).toMatchObject({ event: 'heartbeat' });

    // A browser that reconnects with the hello's id gets what it missed, in order.
    const resumed = open(hello.id!);
    const replay = await resumed((e) => e.event === 'revision' && e.id === change.id);
    expect(FleetEventSchema.parse(replay.data).revision).toBe(Number(change.id));

    // An id this server never published (another process, far past): start over.
    expect((await open('1')((e) => e.event !== 'heartbeat')).event).toBe('reset');
    expect((await open('not-a-number')((e) => e.event !== 'heartbeat')).event).toBe('hello');
  });
});

describe('route input', () => {
  const status = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e instanceof AppError ? `${e.status} ${e.message}` : `thrown ${String(e)}`;
    }
    return 'ok';
  };

  it('rejects unknown or malformed query and path input with a 400 that names it', () => {
    expect(status(() => getFindings('http://x/api/findings?bogus=1'))).toMatch(/^400 .*bogus/);
    expect(status(() => getFindings('http://x/api/findings?severity=fatal'))).toMatch(
      /^400 .*severity/,
    );
    expect(status(() => getFindings('http://x/api/findings?code=seg201'))).toMatch(/^400 .*code/);
    expect(status(() => getServices('http://x/api/services?viewer=a%20b'))).toMatch(/^400/);
    expect(status(() => getHostnames({ cluster: 'east', namespace: 'Bad_NS', name: 'x' }))).toMatch(
      /^400 .*namespace/,
    );
  });

  it('answers 404 for what does not exist and 200 for what does', () => {
    expect(status(() => getCluster({ id: 'nowhere' }))).toMatch(/^404/);
    expect(
      status(() => getHostnames({ cluster: 'east', namespace: 'default', name: 'x' })),
    ).toMatch(/^404/);
    expect(status(() => getCluster({ id: 'east' }))).toBe('ok');
    expect(
      getFindings('http://x/api/findings?code=SEG203,SEG201&cluster=east').findings.every((f) =>
        ['SEG203', 'SEG201'].includes(f.code),
      ),
    ).toBe(true);
  });
});
