/**
 * Account flows on top of @tributary/auth (crypto, tokens) and the auth store (Postgres):
 * register, password login, refresh rotation with reuse detection, logout, and provider login.
 */
import { randomUUID } from 'node:crypto';
import {
  AuthError,
  REFRESH_TOKEN_TTL_MS,
  decideRefresh,
  hashPassword,
  hashRefreshToken,
  isRole,
  newRefreshToken,
  signAccessToken,
  verifyPassword,
} from '@tributary/auth';
import type { ExternalIdentity, KeySource, Role, ScryptParams, TokenSettings } from '@tributary/auth';
import { EmailTakenError } from '@tributary/db/auth';
import type { AuthStore, AuthUser } from '@tributary/db/auth';
import { HttpProblem } from '@tributary/http';
import type { components } from '../generated/openapi.ts';

export type UserView = components['schemas']['User'];
export type SessionView = components['schemas']['Session'];

export interface AuthServiceOptions {
  store: AuthStore;
  keys: KeySource;
  tokens: TokenSettings;
  /** Emails that get the admin role when their account is created (bootstrap). */
  adminEmails: string[];
  scrypt?: ScryptParams;
}

// A fixed hash to compare against when the email is unknown, so both paths cost one scrypt.
let dummyHash: Promise<string> | undefined;

export class AuthService {
  private readonly o: AuthServiceOptions;

  constructor(options: AuthServiceOptions) {
    this.o = options;
  }

  private initialRole(email: string): Role {
    return this.o.adminEmails.includes(email.toLowerCase()) ? 'admin' : 'viewer';
  }

  async view(user: AuthUser): Promise<UserView> {
    const providers = await this.o.store.providersOf(user.id);
    return {
      id: user.id,
      email: user.email,
      name: user.name ?? null,
      role: isRole(user.role) ? user.role : 'viewer',
      emailVerified: user.emailVerified,
      providers: [
        ...(user.passwordHash ? ['password' as const] : []),
        ...(providers as ('google' | 'github')[]),
      ],
      createdAt: user.createdAt.toISOString(),
    };
  }

  private async session(user: AuthUser, familyId: string): Promise<SessionView> {
    const keys = await this.o.keys.current();
    const role = isRole(user.role) ? user.role : 'viewer';
    const access = await signAccessToken(keys, this.o.tokens, { sub: user.id, role, email: user.email });
    const refreshToken = newRefreshToken();
    await this.o.store.insertRefreshToken({
      tokenHash: hashRefreshToken(refreshToken),
      userId: user.id,
      familyId,
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
    });
    return {
      accessToken: access.token,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
      refreshToken,
      refreshExpiresIn: REFRESH_TOKEN_TTL_MS / 1000,
      user: await this.view(user),
    };
  }

  async register(input: {
    email: string;
    password: string;
    name?: string | undefined;
  }): Promise<SessionView> {
    const email = input.email.toLowerCase();
    let user: AuthUser;
    try {
      user = await this.o.store.createUser({
        email,
        name: input.name ?? null,
        passwordHash: await hashPassword(input.password, this.o.scrypt),
        role: this.initialRole(email),
        emailVerified: false,
      });
    } catch (err) {
      if (err instanceof EmailTakenError) return this.registerTaken(email, input.password);
      throw err;
    }
    return this.session(user, randomUUID());
  }

  /**
   * Registering again with the account's own password signs in (it proves what login proves).
   * Otherwise the refusal names no account. Without email delivery a refusal still tells the caller
   * that this email cannot be used; that is inherent, and registration is rate-limited per IP.
   */
  private async registerTaken(email: string, password: string): Promise<SessionView> {
    const user = await this.o.store.findUserByEmail(email);
    if (user?.passwordHash && (await verifyPassword(password, user.passwordHash)))
      return this.session(user, randomUUID());
    throw new HttpProblem(
      'conflict',
      'cannot register with this email and password: sign in, or use another email',
    );
  }

  async login(input: { email: string; password: string }): Promise<SessionView> {
    const user = await this.o.store.findUserByEmail(input.email);
    dummyHash ??= hashPassword('not-a-password', this.o.scrypt);
    const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
    if (!user || !user.passwordHash || !ok)
      throw new AuthError('invalid-credentials', 'wrong email or password');
    return this.session(user, randomUUID());
  }

  async refresh(refreshToken: string): Promise<SessionView> {
    const hash = hashRefreshToken(refreshToken);
    const now = new Date();
    if (await this.o.store.spendRefreshToken(hash, now)) {
      const record = await this.o.store.findRefreshToken(hash);
      const user = record && (await this.o.store.findUserById(record.userId));
      if (!record || !user) throw new AuthError('refresh-unknown', 'refresh token is not valid');
      return this.session(user, record.familyId);
    }
    const record = await this.o.store.findRefreshToken(hash);
    const decision = decideRefresh(record ?? undefined, now);
    if (decision.action === 'revoke-family' && record) await this.o.store.revokeFamily(record.familyId, now);
    throw new AuthError(
      decision.action === 'rotate' ? 'refresh-unknown' : decision.code,
      'refresh token is not valid',
    );
  }

  async logout(refreshToken: string): Promise<void> {
    const record = await this.o.store.findRefreshToken(hashRefreshToken(refreshToken));
    if (record) await this.o.store.revokeFamily(record.familyId, new Date());
  }

  /**
   * Provider login: a known (provider, subject) signs in its user; otherwise a verified email links
   * to the account with that email, else a new account is created. When linking to a password
   * account whose email was never verified, its password is dropped: whoever registered it may not
   * own the mailbox (account pre-hijacking).
   */
  async externalLogin(id: ExternalIdentity): Promise<SessionView> {
    const known = await this.o.store.findIdentity(id.provider, id.subject);
    if (known) {
      const user = await this.o.store.findUserById(known.user);
      if (!user) throw new AuthError('oauth-failed', 'linked account no longer exists');
      return this.session(user, randomUUID());
    }
    if (!id.email || !id.emailVerified)
      throw new AuthError('oauth-unverified-email', `${id.provider} did not provide a verified email`);
    let user = await this.o.store.findUserByEmail(id.email);
    if (user) {
      if (!user.emailVerified)
        user = (await this.o.store.updateUser(user.id, { emailVerified: true, passwordHash: null })) ?? user;
    } else {
      try {
        user = await this.o.store.createUser({
          email: id.email,
          name: id.name,
          passwordHash: null,
          role: this.initialRole(id.email),
          emailVerified: true,
        });
      } catch (err) {
        // Lost a race with a concurrent first login: use the account that won.
        if (!(err instanceof EmailTakenError)) throw err;
        user = await this.o.store.findUserByEmail(id.email);
        if (!user) throw err;
      }
    }
    await this.o.store.linkIdentity(user.id, id.provider, id.subject, id.email);
    return this.session(user, randomUUID());
  }
}
