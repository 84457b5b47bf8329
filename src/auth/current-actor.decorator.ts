import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from './actor';
import type { AuthenticatedRequest } from './access.guard';

/** The caller, as established by the AccessGuard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('CurrentActor used on a route the AccessGuard did not run for');
  return request.actor;
});
