/** `tributary dlq list|show|redrive`: look into the dead-letter queue and send messages back. */
import { jetstreamManager } from '@nats-io/jetstream';
import { parseCommandArgs, UsageError } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import {
  connectNats,
  groupDlq,
  natsConfigFromEnv,
  readDlq,
  redriveDlq,
  showDlqMessage,
} from '@tributary/events';
import type { DlqGroup, DlqMessage } from '@tributary/events';
import { table } from './table.ts';

const usage = `usage: tributary dlq list [--json]
       tributary dlq show SEQ [--json]
       tributary dlq redrive (SEQ... | --all) [--stream NAME] [--consumer NAME] [--dry-run] [--json]

The dead-letter queue (the DLQ stream) holds messages a consumer gave up on: poison messages
(undecodable, schema-invalid, rejected by a database constraint) and messages whose consumer
exhausted max_deliver. A store outage does not dead-letter messages (consumers pause instead).

  list      dead letters per original stream and consumer, with their reasons and time range
  show      one record (by DLQ sequence): headers, the original error, the body
  redrive   re-publish dead letters to their original subject and remove them from the DLQ; the
            copy is a new message, so every consumer's delivery count for it starts at 1
            (consumers are idempotent). --all or sequences; --stream/--consumer narrow it.

Reads NATS_URL and TRIBUTARY_NATS_PREFIX.`;

async function withJsm<T>(
  fn: (jsm: Awaited<ReturnType<typeof jetstreamManager>>, prefix: string) => Promise<T>,
): Promise<T> {
  const config = natsConfigFromEnv();
  const nc = await connectNats(config, { name: 'tributary-dlq', timeoutMs: 5_000 });
  try {
    return await fn(await jetstreamManager(nc), config.prefix);
  } finally {
    await nc.close();
  }
}

export function formatGroups(groups: DlqGroup[]): string {
  if (groups.length === 0) return 'the DLQ is empty';
  const rows = [['stream', 'consumer', 'dead letters', 'advisories', 'oldest', 'newest']];
  for (const g of groups)
    rows.push([g.stream, g.consumer, `${g.deadLetters}`, `${g.advisories}`, g.oldest, g.newest]);
  const reasons = groups.flatMap((g) =>
    Object.entries(g.reasons).map(([r, n]) => `  ${g.stream}/${g.consumer}: ${n} × ${r}`),
  );
  return [table(rows), ...(reasons.length > 0 ? ['', 'reasons:', ...reasons] : [])].join('\n');
}

export function formatMessage(m: DlqMessage): string {
  const lines = [
    `seq:         ${m.seq}`,
    `kind:        ${m.kind}`,
    `time:        ${m.time}`,
    `original:    ${m.stream} #${m.streamSequence}${m.subject ? ` (${m.subject})` : ''}`,
    `consumer:    ${m.consumer}`,
  ];
  if (m.deliveries !== undefined) lines.push(`deliveries:  ${m.deliveries}`);
  if (m.reason) lines.push(`error:       ${m.reason}`);
  if (m.source) lines.push(`source:      ${m.source}`);
  lines.push('headers:');
  for (const [k, vs] of Object.entries(m.headers)) for (const v of vs) lines.push(`  ${k}: ${v}`);
  if (m.body !== undefined) {
    let body = m.body;
    try {
      body = JSON.stringify(JSON.parse(m.body), null, 2);
    } catch {
      // not JSON (that may be why it is here): print as is
    }
    lines.push('body:', body);
  }
  return lines.join('\n');
}

function seqArg(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`not a DLQ sequence: ${s}`);
  return n;
}

export const dlq: CommandModule = {
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      json: { type: 'boolean' },
      all: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      stream: { type: 'string' },
      consumer: { type: 'string' },
    });
    const [sub, ...rest] = positionals;
    const print = (human: string, data: unknown) =>
      console.log(values.json ? JSON.stringify(data, null, 2) : human);
    switch (sub) {
      case 'list': {
        if (rest.length > 0) throw new UsageError('list takes no arguments');
        const groups = await withJsm(async (jsm, prefix) => groupDlq(await readDlq(jsm, prefix)));
        print(formatGroups(groups), groups);
        return 0;
      }
      case 'show': {
        if (rest.length !== 1) throw new UsageError('show takes one DLQ sequence');
        const seq = seqArg(rest[0]!);
        const m = await withJsm((jsm, prefix) => showDlqMessage(jsm, prefix, seq));
        if (!m) {
          console.error(`tributary dlq show: no record ${seq} in the DLQ`);
          return 1;
        }
        print(formatMessage(m), m);
        return 0;
      }
      case 'redrive': {
        const seqs = rest.map(seqArg);
        if (seqs.length === 0 && !values.all) throw new UsageError('redrive needs DLQ sequences or --all');
        if (seqs.length > 0 && values.all) throw new UsageError('give sequences or --all, not both');
        const r = await withJsm((jsm, prefix) =>
          redriveDlq(
            jsm,
            prefix,
            {
              seqs,
              ...(values.stream ? { stream: values.stream } : {}),
              ...(values.consumer ? { consumer: values.consumer } : {}),
            },
            values['dry-run'] ?? false,
          ),
        );
        const verb = values['dry-run'] ? 'would redrive' : 'redriven';
        print(
          [
            `${verb}: ${r.redriven.length}`,
            ...r.redriven.map((x) => `  #${x.seq} → ${x.subject}${x.newSeq ? ` (new seq ${x.newSeq})` : ''}`),
            ...(r.advisoriesRemoved > 0 ? [`advisory records removed: ${r.advisoriesRemoved}`] : []),
            ...(r.skipped.length > 0 ? [`not dead letters (skipped): ${r.skipped.join(', ')}`] : []),
          ].join('\n'),
          r,
        );
        return r.skipped.length > 0 ? 1 : 0;
      }
      default:
        throw new UsageError(sub ? `unknown subcommand '${sub}'` : 'expected list, show or redrive');
    }
  },
};
