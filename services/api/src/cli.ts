import { parseCommandArgs, shutdownSignal } from '@tributary/command';
import type { CommandModule } from '@tributary/command';
import { createLogger } from '@tributary/log';
import { generateSigningJwk } from '@tributary/auth';

const usage = `usage: tributary api [--port N] [--generate-key [EdDSA|ES256]]

Serves the REST API (/api/v1, /docs, /openapi.json, /health, /ready, /metrics).
Settings come from the environment (docs/configuration.md).

  --port N           listen port (default TRIBUTARY_HTTP_PORT or 8080)
  --generate-key     print a new private signing JWK (for the TRIBUTARY_JWT_KEYS_FILE Secret) and exit`;

export const api: CommandModule = {
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      port: { type: 'string' },
      'generate-key': { type: 'boolean' },
    });
    if (values['generate-key']) {
      const alg = positionals[0] === 'ES256' ? 'ES256' : 'EdDSA';
      console.log(JSON.stringify({ keys: [await generateSigningJwk(alg)] }, null, 2));
      return 0;
    }
    const env = { ...process.env, ...(values.port ? { TRIBUTARY_HTTP_PORT: values.port } : {}) };
    const log = createLogger('api');
    const { startApi } = await import('./server.ts');
    const server = await startApi({ env, log });
    const signal = shutdownSignal();
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    log.info('shutting down');
    await server.shutdown();
    return 0;
  },
};
