import type { Driver } from 'neo4j-driver';
import { useStack } from '@tributary/testkit';
import {
  createGraphDriver,
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

/** This suite's own label namespace on the shared stack's Neo4j (testkit removes it on close). */
export async function graphTestEnv(): Promise<GraphTestEnv> {
  const stack = await useStack({ servers: ['neo4j'] });
  const base = graphConfigFromEnv();
  const labels = graphLabels(stack.neo4jLabelPrefix);
  const driver = createGraphDriver(base);
  await ensureGraphSchema(driver, base.database, labels);
  return {
    driver,
    database: base.database,
    labels,
    writer: new GraphWriter(driver, base.database, labels),
    async close() {
      await driver.close();
      await stack.cleanup();
    },
  };
}
