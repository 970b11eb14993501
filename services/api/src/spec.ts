/**
 * The OpenAPI document (services/api/openapi.yaml), loaded once: the single source for request
 * validation, response validation in tests, RBAC (`x-required-role`), /openapi.json and /docs.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { OpenAPIV3 } from 'express-openapi-validator/dist/framework/types.js';
import { isRole } from '@tributary/auth';
import type { Role } from '@tributary/auth';

export const SPEC_PATH = new URL('../openapi.yaml', import.meta.url);

export type ApiDocument = OpenAPIV3.DocumentV3_1;

export function loadSpec(): ApiDocument {
  return parse(readFileSync(SPEC_PATH, 'utf8')) as ApiDocument;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface OperationInfo {
  method: (typeof METHODS)[number];
  /** OpenAPI path template, e.g. `/api/v1/feeds/{namespace}/{name}`. */
  path: string;
  operationId: string;
  /** null = public (`security: []`). */
  requiredRole: Role | null;
}

/** Every operation with its access rule; throws if one declares neither a role nor `security: []`. */
export function operations(doc: ApiDocument): OperationInfo[] {
  const out: OperationInfo[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, unknown> | undefined)?.[method] as
        (OpenAPIV3.OperationObject & { 'x-required-role'?: unknown }) | undefined;
      if (!op) continue;
      const role = op['x-required-role'];
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      if (isPublic === (role !== undefined) || (role !== undefined && !isRole(role)))
        throw new Error(
          `${method.toUpperCase()} ${path}: declare exactly one of security: [] or a valid x-required-role`,
        );
      out.push({
        method,
        path,
        operationId: op.operationId ?? `${method} ${path}`,
        requiredRole: isPublic ? null : (role as Role),
      });
    }
  }
  return out;
}

/** `/api/v1/feeds/{namespace}` → `/api/v1/feeds/:namespace` (Express route syntax). */
export function expressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([^}]+)\}/g, ':$1');
}
