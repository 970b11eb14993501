/**
 * Persistence for accounts and refresh tokens. Each method runs on a fork of the given manager so
 * callers never share identity maps across requests.
 */
import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/core';
import { AuthIdentity, AuthRefreshToken, AuthUser } from './entities.ts';

export class EmailTakenError extends Error {
  override name = 'EmailTakenError';
}

export interface NewUser {
  email: string;
  name: string | null;
  passwordHash: string | null;
  role: string;
  emailVerified: boolean;
}

export interface RefreshRecord {
  userId: string;
  familyId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export class AuthStore {
  private readonly root: EntityManager;

  constructor(em: EntityManager) {
    this.root = em;
  }

  private em(): EntityManager {
    return this.root.fork({ clear: true });
  }

  async createUser(u: NewUser): Promise<AuthUser> {
    const em = this.em();
    const now = new Date();
    const user = em.create(AuthUser, {
      id: randomUUID(),
      ...u,
      email: u.email.toLowerCase(),
      createdAt: now,
      updatedAt: now,
    });
    try {
      await em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new EmailTakenError(`${u.email} is taken`);
      throw err;
    }
    return user;
  }

  findUserByEmail(email: string): Promise<AuthUser | null> {
    return this.em().findOne(AuthUser, { email: email.toLowerCase() });
  }

  findUserById(id: string): Promise<AuthUser | null> {
    return this.em().findOne(AuthUser, { id });
  }

  /** Users ordered by creation, keyset-paginated on (createdAt, id). */
  listUsers(limit: number, after?: { createdAt: Date; id: string }): Promise<AuthUser[]> {
    const where = after
      ? {
          $or: [
            { createdAt: { $gt: after.createdAt } },
            { createdAt: after.createdAt, id: { $gt: after.id } },
          ],
        }
      : {};
    return this.em().find(AuthUser, where, { orderBy: { createdAt: 'asc', id: 'asc' }, limit });
  }

  async updateUser(
    id: string,
    changes: Partial<Pick<AuthUser, 'role' | 'passwordHash' | 'emailVerified' | 'name'>>,
  ): Promise<AuthUser | null> {
    const em = this.em();
    const user = await em.findOne(AuthUser, { id });
    if (!user) return null;
    em.assign(user, { ...changes, updatedAt: new Date() });
    await em.flush();
    return user;
  }

  async providersOf(userId: string): Promise<string[]> {
    const rows = await this.em().find(AuthIdentity, { user: userId }, { fields: ['provider'] });
    return [...new Set(rows.map((r) => r.provider))].sort();
  }

  async findIdentity(provider: string, subject: string): Promise<AuthIdentity | null> {
    return this.em().findOne(AuthIdentity, { provider, subject });
  }

  async linkIdentity(userId: string, provider: string, subject: string, email: string | null): Promise<void> {
    const em = this.em();
    em.create(AuthIdentity, {
      id: randomUUID(),
      user: userId,
      provider,
      subject,
      email,
      createdAt: new Date(),
    });
    await em.flush();
  }

  async insertRefreshToken(t: {
    tokenHash: string;
    userId: string;
    familyId: string;
    expiresAt: Date;
  }): Promise<void> {
    const em = this.em();
    em.create(AuthRefreshToken, {
      id: randomUUID(),
      tokenHash: t.tokenHash,
      user: t.userId,
      familyId: t.familyId,
      expiresAt: t.expiresAt,
      usedAt: null,
      revokedAt: null,
      createdAt: new Date(),
    });
    await em.flush();
  }

  /**
   * Marks a live token spent in one conditional UPDATE, so two concurrent uses cannot both win.
   * Returns true when this call spent it.
   */
  async spendRefreshToken(tokenHash: string, now: Date): Promise<boolean> {
    const n = await this.em().nativeUpdate(
      AuthRefreshToken,
      { tokenHash, usedAt: null, revokedAt: null, expiresAt: { $gt: now } },
      { usedAt: now },
    );
    return n === 1;
  }

  async findRefreshToken(tokenHash: string): Promise<RefreshRecord | null> {
    const t = await this.em().findOne(AuthRefreshToken, { tokenHash });
    return t
      ? {
          userId: t.user,
          familyId: t.familyId,
          expiresAt: t.expiresAt,
          usedAt: t.usedAt ?? null,
          revokedAt: t.revokedAt ?? null,
        }
      : null;
  }

  async revokeFamily(familyId: string, now: Date): Promise<number> {
    return this.em().nativeUpdate(AuthRefreshToken, { familyId, revokedAt: null }, { revokedAt: now });
  }
}
