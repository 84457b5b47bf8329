# syntax=docker/dockerfile:1
#
# mash-triage image: one image for the three processes (compose picks the command):
#   node dist/src/main.js      HTTP API
#   node dist/src/worker.js    queue workers and sweepers
#   node dist/src/migrate.js   one-shot migrations (under an advisory lock)
# Runtime configuration that a local authority changes without code lives in /app/config.

# Node 22 LTS: the major CI tests on (package.json devDependency `node`, put first on PATH by .ci/run).
ARG NODE_IMAGE=node:22-bookworm-slim

# ---- build: install all dependencies, compile, then drop dev dependencies ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && for f in dist/src/main.js dist/src/worker.js dist/src/migrate.js; do \
      test -f "$f" || { echo "build did not produce $f" >&2; exit 1; }; \
    done \
 && { test -d dist/migrations || { echo "build did not compile migrations/ into dist/migrations" >&2; exit 1; }; } \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: production dependencies, compiled code and config only ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Files stay owned by root (read-only for the app); the process runs as the unprivileged
# `node` user that the official image provides.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The web pages' stylesheet, compiled by npm run build (build:assets).
COPY --from=build /app/build ./build
COPY --from=build /app/config ./config
# The worker appends audit checkpoints here (compose mounts a volume, which takes this ownership).
RUN mkdir -p /var/lib/mash-audit && chown node:node /var/lib/mash-audit
USER node
EXPOSE 3000
CMD ["node", "--max-old-space-size=160", "dist/src/main.js"]
