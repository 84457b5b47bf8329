/**
 * The Node.js the service runs on: package.json `engines` (>=22.12 <23); npm scripts use the
 * project's own, the `node` dev dependency. Checked by require-node.ts before anything else loads.
 */
export const REQUIRED_NODE = { major: 22, minor: 12 };

/** Why this Node cannot run the service, or null when it can. */
export function nodeVersionProblem(version: string): string | null {
  const [major, minor] = version.split('.').map(Number);
  if (major === REQUIRED_NODE.major && minor >= REQUIRED_NODE.minor) return null;
  const wanted = `${REQUIRED_NODE.major}.${REQUIRED_NODE.minor} or a later ${REQUIRED_NODE.major}.x`;
  return `mash-triage needs Node.js ${wanted}, and this is Node.js ${version}. Run it through npm (npm start, npm run start:worker, npm run migrate, ...), which uses the project's own Node.js ${REQUIRED_NODE.major}, or put Node.js ${REQUIRED_NODE.major} first on the PATH.`;
}
