import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { TokenClaims } from '../auth/access.guard';
import { QueueRegistry } from './queue-registry';

export const BULL_BOARD_PATH = '/admin/queues';
const ALLOWED = new Set(['admin', 'mash_manager']);

/**
 * Bull Board (SPEC OPS-4) for administrators and MASH managers. It is plain Express, outside Nest's
 * guards, so it checks the bearer token and the user row itself: same rules as the AccessGuard.
 */
export function mountBullBoard(app: INestApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: app.get(QueueRegistry).all().map((q) => new BullMQAdapter(q)), serverAdapter });
  const jwt = app.get(JwtService);
  const dataSource = app.get(DataSource);
  const guard = async (req: Request, res: Response, next: NextFunction) => {
    const deny = (status: number, message: string) => res.status(status).json({ statusCode: status, error: status === 401 ? 'Unauthorized' : 'Forbidden', message, details: [] });
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) return deny(401, 'A bearer token is required');
    let claims: TokenClaims;
    try {
      claims = await jwt.verifyAsync<TokenClaims>(token);
    } catch {
      return deny(401, 'The token is invalid or has expired');
    }
    const [user] = await dataSource.query('SELECT role, active FROM app_user WHERE id = $1', [claims.sub]);
    if (!user?.active) return deny(401, 'Your account is not active');
    if (!ALLOWED.has(user.role)) return deny(403, 'Only administrators and MASH managers may see the queues');
    next();
  };
  app.use(BULL_BOARD_PATH, guard, serverAdapter.getRouter());
}
