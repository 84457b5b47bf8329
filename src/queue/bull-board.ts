import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { HttpException, type INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { requestId } from '../common/logging';
import { TokenAuthenticator } from '../auth/token-authenticator';
import { AuditService } from '../audit/audit.service';
import { UnitOfWork } from '../database/unit-of-work';
import { QueueRegistry } from './queue-registry';

export const BULL_BOARD_PATH = '/admin/queues';
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Bull Board (SPEC OPS-4). It is plain Express, outside Nest's guards, so it authenticates the bearer
 * token itself with the same rules as the AccessGuard. MASH managers get a read-only board and
 * cannot change a queue (no retry, clean, empty or remove); administrators act, and every action
 * they take is an audit event.
 */
export function mountBullBoard(app: INestApplication): void {
  const queues = app.get(QueueRegistry).all();
  const board = (readOnlyMode: boolean) => {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(BULL_BOARD_PATH);
    createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode })), serverAdapter });
    return serverAdapter.getRouter();
  };
  const managerBoard = board(true);
  const adminBoard = board(false);
  const tokens = app.get(TokenAuthenticator);
  const audit = app.get(AuditService);
  const uow = app.get(UnitOfWork);

  app.use(BULL_BOARD_PATH, async (req: Request, res: Response, next: NextFunction) => {
    const deny = (status: number, message: string) =>
      res.status(status).json({ statusCode: status, error: status === 401 ? 'Unauthorized' : 'Forbidden', message, details: [] });
    let user;
    try {
      user = await tokens.authenticate(req.headers.authorization);
    } catch (error) {
      return deny(401, error instanceof HttpException ? error.message : 'The token is invalid or has expired');
    }
    const reading = READ_METHODS.has(req.method);
    if (user.role === 'mash_manager') {
      if (!reading) return deny(403, 'MASH managers see the queues read-only; an administrator changes them');
      return managerBoard(req, res, next);
    }
    if (user.role !== 'admin') return deny(403, 'Only administrators and MASH managers may see the queues');
    if (!reading) {
      const actor: Actor = { userId: user.id, role: user.role, agencyId: user.agencyId, requestId: requestId(req, res), ip: req.ip ?? null };
      // Recorded before the action, so an action that half-happens is still on the record.
      await uow.read((em) => audit.record(em, actor, { action: 'queue.admin_action', entityType: 'queue', entityId: null, summary: { method: req.method, path: req.path } }));
    }
    return adminBoard(req, res, next);
  });
}
