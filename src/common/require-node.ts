import { nodeVersionProblem } from './node-version';

// Imported first by every entry point, before anything else loads. Started by another Node, a
// command died without a word (Node 20: a segmentation fault while loading the modules); it now says
// what is wrong and how to run it instead.
const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
