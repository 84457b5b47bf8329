/**
 * Imported first by every entry point, before anything else loads. The service runs on Node 22
 * (package.json `engines`; npm scripts use the project's own Node 22, the `node` dev dependency).
 * Started by another Node, a command died without a word: Node 20 ends with a segmentation fault
 * while loading the modules. It now says what is wrong and how to run it instead.
 */
export const REQUIRED_NODE_MAJOR = 22;

export function nodeVersionProblem(version: string = process.versions.node): string | null {
  const major = Number(version.split('.')[0]);
  if (major === REQUIRED_NODE_MAJOR) return null;
  return `mash-triage needs Node.js ${REQUIRED_NODE_MAJOR}, and this is Node.js ${version}. Run it through npm (npm start, npm run start:worker, npm run migrate, ...), which uses the project's own Node.js ${REQUIRED_NODE_MAJOR}, or put Node.js ${REQUIRED_NODE_MAJOR} first on the PATH.`;
}

const problem = nodeVersionProblem();
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
