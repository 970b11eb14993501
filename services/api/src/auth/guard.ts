/**
 * The bearer-token check, run by express-openapi-validator for every operation whose spec has
 * security (before request validation): verifies the access token, then enforces the operation's
 * `x-required-role`. 401 for missing/invalid/expired tokens, 403 for a role below the requirement.
 */
import type { Request } from 'express';
import { bearerToken, hasRole, isAuthError, isRole } from '@tributary/auth';
import type { Role, VerifiedAccess } from '@tributary/auth';

declare module 'express-serve-static-core' {
  interface Request {
    user?: VerifiedAccess;
  }
}

class GuardError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export type VerifyToken = (token: string) => Promise<VerifiedAccess>;

export function requiredRoleOf(req: Request): Role {
  // express-openapi-validator puts the matched operation on req.openapi.
  const op = (req as { openapi?: { schema?: { 'x-required-role'?: unknown } } }).openapi?.schema;
  const role = op?.['x-required-role'];
  // An authenticated operation without a declared role is impossible (spec.ts checks); be strict anyway.
  return isRole(role) ? role : 'admin';
}

export function bearerSecurityHandler(verify: VerifyToken) {
  return async (req: Request): Promise<boolean> => {
    const challenge = (error?: string) =>
      req.res?.setHeader(
        'WWW-Authenticate',
        error ? `Bearer realm="tributary", error="${error}"` : 'Bearer realm="tributary"',
      );
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      challenge();
      throw new GuardError(401, 'a bearer access token is required');
    }
    try {
      req.user = await verify(token);
    } catch (err) {
      challenge('invalid_token');
      if (isAuthError(err))
        throw new GuardError(
          401,
          err.code === 'expired-token' ? 'access token expired' : 'access token is not valid',
        );
      throw err;
    }
    const required = requiredRoleOf(req);
    if (!hasRole(req.user.role, required))
      throw new GuardError(403, `this operation requires the ${required} role`);
    return true;
  };
}
