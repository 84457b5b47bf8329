import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_KEY, AccessDeclaration, CASE_PAGE_KEY, SESSION_KEY } from '../auth/access.decorator';

export interface RouteInfo {
  method: string;
  path: string;
  controller: string;
  handler: string;
  access: AccessDeclaration | undefined;
  /** A web page (the caller is the session's user) rather than a JSON API route (a bearer token). */
  page: boolean;
  /** A case-work page: 404, not 403, for a signed-in role it is not for. */
  casePage: boolean;
}

const join = (...parts: string[]) => '/' + parts.map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/');

/** Every route Nest registered, with its access declaration (for the route-declaration test and the security matrix). */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!type) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, type) ?? ''].flat()[0] as string;
      const classAccess = Reflect.getMetadata(ACCESS_KEY, type) as AccessDeclaration | undefined;
      const classPage = Reflect.getMetadata(SESSION_KEY, type) === true;
      const classCase = Reflect.getMetadata(CASE_PAGE_KEY, type) === true;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = type.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        for (const p of [path].flat()) {
          routes.push({
            method: RequestMethod[method],
            path: join(base, p),
            controller: type.name,
            handler: name,
            access: (Reflect.getMetadata(ACCESS_KEY, handler) as AccessDeclaration | undefined) ?? classAccess,
            page: Reflect.getMetadata(SESSION_KEY, handler) === true || classPage,
            casePage: Reflect.getMetadata(CASE_PAGE_KEY, handler) === true || classCase,
          });
        }
      }
    }
  }
  return routes;
}
