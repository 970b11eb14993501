import { randomBytes } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import {
  createGraphDriver,
  dropGraph,
  ensureGraphSchema,
  graphConfigFromEnv,
  graphLabels,
  GraphWriter,
} from '../src/index.ts';
import type { GraphLabels } from '../src/index.ts';

export interface GraphTestEnv {
  driver: Driver;
  database: string;
  labels: GraphLabels;
  writer: GraphWriter;
  close(): Promise<void>;
}

/** A Neo4j label namespace of its own on the shared local stack, dropped on close. */
export async function graphTestEnv(): Promise<GraphTestEnv> {
  const base = graphConfigFromEnv();
  const labels = graphLabels(`t${randomBytes(4).toString('hex')}_`);
  const driver = createGraphDriver(base);
  await ensureGraphSchema(driver, base.database, labels);
  return {
    driver,
    database: base.database,
    labels,
    writer: new GraphWriter(driver, base.database, labels),
    async close() {
      try {
        await dropGraph(driver, base.database, labels);
      } finally {
        await driver.close();
      }
    },
  };
}
