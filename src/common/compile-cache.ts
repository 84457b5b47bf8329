import { enableCompileCache } from 'node:module';

/**
 * Imported first by a command-line entry point: Node keeps the compiled code of every module the
 * command loads (in the system's temporary folder, keyed by content), so the next start of the
 * command compiles only what changed since. Loading TypeORM, Nest's pipes and the entities is most of
 * a short command's time (`npm run import` of a small file).
 */
enableCompileCache();
