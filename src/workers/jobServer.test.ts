import { describe, expect, it } from 'vitest';
import { createHandler } from './handler';
import { createJobServer } from './jobServer';
import type { SearchJob, WorkerReply } from './protocol';
import { createSearchHandler } from './searchHandler';

/** Every reply a server posts for one message. */
async function replies(
  server: { handle(m: unknown, post: (r: WorkerReply) => void): Promise<void> },
  message: unknown,
): Promise<WorkerReply[]> {
  const posted: WorkerReply[] = [];
  await server.handle(message, (r) => posted.push(r));
  return posted;
}

const search = () => createSearchHandler({ now: () => 0, yieldNow: async () => undefined });

describe('a worker checks each message (untrusted input) before any work', () => {
  it('drops what names no job (nothing to answer), and answers a request without a type by naming it', async () => {
    for (const junk of [null, undefined, 3, 'search', [], { type: 'search' }, { type: 'search', id: 1.5 }, { type: 'search', id: '2' }])
      expect(await replies(search(), junk)).toEqual([]);
    expect(await replies(search(), { id: 4 })).toEqual([{ type: 'error', id: 4, message: 'request.type: missing' }]);
  });

  it('names a missing field of the job', async () => {
    expect(await replies(search(), { type: 'search', id: 5, accuracy: { source: 'proxy' }, resume: false })).toEqual([
      { type: 'error', id: 5, message: 'request.config: missing (the "search" job needs it)' },
    ]);
    const tf = createHandler({ loadTf: () => Promise.reject(new Error('not loaded')), gpu: undefined });
    expect(await replies(tf, { type: 'evaluate', id: 6 })).toEqual([
      { type: 'error', id: 6, message: 'request.genome: missing (the "evaluate" job needs it)' },
    ]);
  });

  it("refuses another worker's job, and a kind no worker runs, by name", async () => {
    const tf = createHandler({ loadTf: () => Promise.reject(new Error('not loaded')), gpu: undefined });
    expect(await replies(tf, { type: 'search', id: 7 })).toEqual([
      { type: 'error', id: 7, message: 'the search runs in the search worker, not the TF.js worker' },
    ]);
    expect(await replies(tf, { type: 'shippedEvaluate', id: 8 })).toEqual([
      { type: 'error', id: 8, message: 'the shipped supernet is measured in its own worker (shipped.worker.ts)' },
    ]);
    expect(await replies(tf, { type: 'toString', id: 9 })).toEqual([
      { type: 'error', id: 9, message: 'the TF.js worker does not run "toString" jobs' },
    ]);
    expect(await replies(search(), { type: 'constructor', id: 10 })).toEqual([
      { type: 'error', id: 10, message: 'the search worker runs search, exhaustive, paper and fitTable jobs only, not constructor' },
    ]);
  });
});

describe('the job server', () => {
  it("posts a job's progress, then one done reply with its kind and result; a superseded error is flagged", async () => {
    let runs = 0;
    const server = createJobServer<SearchJob>(
      {
        search: async (r, job) => {
          runs++;
          job.post({ kind: 'enumerate', evaluated: 1, total: 2 });
          if (r.resume) {
            const e = new Error('gave way');
            e.name = 'SupersededError';
            throw e;
          }
          return { reason: 'done', generation: null };
        },
        exhaustive: async () => Promise.reject(new Error('not here')),
        paper: async () => Promise.reject(new Error('not here')),
        fitTable: async () => Promise.reject(new Error('not here')),
      },
      (type) => `no ${type}`,
    );
    const config = {} as never;
    expect(await replies(server, { type: 'search', id: 1, config, accuracy: { source: 'proxy' }, resume: false })).toEqual([
      { type: 'progress', id: 1, progress: { kind: 'enumerate', evaluated: 1, total: 2 } },
      { type: 'done', id: 1, job: 'search', result: { reason: 'done', generation: null } },
    ]);
    expect((await replies(server, { type: 'search', id: 2, config, accuracy: { source: 'proxy' }, resume: true })).at(-1)).toEqual({
      type: 'error',
      id: 2,
      message: 'gave way',
      superseded: true,
    });
    expect(await replies(server, { type: 'exhaustive', id: 3, config, accuracy: { source: 'proxy' } })).toEqual([
      { type: 'error', id: 3, message: 'not here' },
    ]);
    expect(runs).toBe(2);
  });

  it('a cancel or pause sets the flag of that job only, seen between its steps; the next job starts clean', async () => {
    const seen: [boolean, boolean][] = [];
    let between: (() => Promise<void>) | null = null;
    const server = createJobServer<SearchJob>(
      {
        search: async (_r, job) => {
          seen.push([job.cancelled(), job.paused()]);
          await between?.();
          seen.push([job.cancelled(), job.paused()]);
          return { reason: 'done', generation: null };
        },
        exhaustive: async () => Promise.reject(new Error('not here')),
        paper: async () => Promise.reject(new Error('not here')),
        fitTable: async () => Promise.reject(new Error('not here')),
      },
      (type) => `no ${type}`,
    );
    const request = (id: number) => ({ type: 'search', id, config: {}, accuracy: { source: 'proxy' }, resume: false });
    between = async () => {
      expect(await replies(server, { type: 'pause', id: 1 })).toEqual([]);
      expect(await replies(server, { type: 'cancel', id: 99 })).toEqual([]);
    };
    await replies(server, request(1));
    between = null;
    await replies(server, request(2));
    expect(seen).toEqual([
      [false, false],
      [false, true],
      [false, false],
      [false, false],
    ]);
  });
});
