/**
 * Generates `openapi.ts` (TypeScript types) from openapi.yaml with openapi-typescript.
 * Run `node services/api/src/generated/generate.ts` after changing the spec; a unit test fails when
 * the checked-in file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { SPEC_PATH } from '../spec.ts';

export const TYPES_PATH = new URL('./openapi.ts', import.meta.url);

export async function generateTypes(): Promise<string> {
  const ast = await openapiTS(SPEC_PATH, { alphabetize: false });
  const header = '// Generated from services/api/openapi.yaml by generate.ts. Do not edit.\n';
  const options = (await resolveConfig(fileURLToPath(TYPES_PATH))) ?? {};
  return format(header + astToString(ast), { ...options, parser: 'typescript' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(TYPES_PATH, await generateTypes());
  console.log(`wrote ${fileURLToPath(TYPES_PATH)}`);
}
