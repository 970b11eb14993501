// `tributary stack up|down|status|env`.
import { UsageError, parseCommandArgs } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { SERVER_NAMES } from './config.ts';
import { commandNode, renderEnv, stackEnvCommand, stackEnvVars } from './env.ts';
import { loadConfig, selectServers, stackDown, stackStatus, stackUp } from './stack.ts';
import { allHealthy, formatStatus } from './status.ts';

export const usage = `usage: tributary stack <up|down|status|env> [server...]

Runs real local servers as detached processes under a state directory, on loopback ports that avoid
the standard ones: etcd 22379, kube-apiserver 26443, PostgreSQL 25432, NATS 24222 (monitoring
28222), Neo4j Bolt 27687.

  up [server...]      start (or reuse) the servers and wait until healthy; restarts dead ones
  down [server...]    stop them (SIGTERM, SIGKILL after a grace period); removes stale pid files
  status [server...]  pid, port and health of each; exits 1 unless all are healthy
  env                 export lines: eval "$(tributary stack env)"
                      (KUBECONFIG, DATABASE_URL, NATS_URL, NEO4J_URL, TRIBUTARY_STACK_DIR, PATH with
                      kubectl/helm/node/psql and tributary itself)

servers: ${SERVER_NAMES.join(', ')}

environment:
  TRIBUTARY_STACK_DIR          state dir (default: $TRIBUTARY_CACHE/stack = ~/.cache/tributary/stack)
  TRIBUTARY_CACHE              tools and state cache (default: ~/.cache/tributary)
  TRIBUTARY_STACK_PORT_OFFSET  added to every port when a state dir is first used (a second stack)
  NEO4J_JAVA_OPTS              JVM options for Neo4j (default: -Xms256m -Xmx1g -XX:+UseG1GC)

Logs: <state>/logs/<server>.log. Tools are built on first use (scripts/setup-tools.sh).`;

export async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseCommandArgs(argv, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [sub, ...rest] = positionals;
  const cfg = loadConfig();
  const say = (line: string): void => console.log(`==> ${line}`);
  switch (sub) {
    case 'up': {
      const servers = selectServers(rest, cfg);
      const started = Date.now();
      say(`stack up (state dir ${cfg.paths.stateDir})`);
      try {
        const rows = await stackUp(cfg, servers, say);
        console.log(`\n${formatStatus(rows)}\n`);
        say(
          `stack ready in ${((Date.now() - started) / 1000).toFixed(1)}s; to use it: eval "$(${stackEnvCommand(commandNode(cfg), process.env.TRIBUTARY_STACK_DIR)})"`,
        );
        return allHealthy(rows) ? 0 : 1;
      } catch (err) {
        console.error(`tributary stack up: ${(err as Error).message}`);
        return 1;
      }
    }
    case 'down':
      await stackDown(cfg, selectServers(rest, cfg), say);
      say('stack down');
      return 0;
    case 'status': {
      const rows = await stackStatus(cfg, selectServers(rest, cfg));
      console.log(formatStatus(rows));
      return allHealthy(rows) ? 0 : 1;
    }
    case 'env':
      if (rest.length > 0) throw new UsageError('env takes no arguments');
      console.log(renderEnv(stackEnvVars(cfg, process.env.PATH)));
      return 0;
    case undefined:
      throw new UsageError('expected one of: up, down, status, env');
    default:
      throw new UsageError(`unknown subcommand '${sub}' (expected up, down, status or env)`);
  }
}

/** The `tributary stack` command module (the CLI table loads it lazily). */
export const stack: CommandModule = { usage, run };
