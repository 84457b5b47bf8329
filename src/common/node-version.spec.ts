import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeVersionProblem, REQUIRED_NODE } from './node-version';

describe('the entry points\' Node.js check', () => {
  it('accepts Node 22.12 and later 22s, and names the version it refuses, with how to run the service', () => {
    expect(nodeVersionProblem('22.23.3')).toBeNull();
    expect(nodeVersionProblem('22.12.0')).toBeNull();
    const problem = nodeVersionProblem('20.20.2');
    expect(problem).toContain('needs Node.js 22.12 or a later 22.x, and this is Node.js 20.20.2');
    expect(problem).toContain('npm run migrate');
    expect(nodeVersionProblem('22.11.0')).toContain('this is Node.js 22.11.0');
    expect(nodeVersionProblem('24.1.0')).toContain('this is Node.js 24.1.0');
  });

  it('asks for what package.json pins (engines and the node dev dependency)', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(pkg.engines.node).toBe(`>=${REQUIRED_NODE.major}.${REQUIRED_NODE.minor} <${REQUIRED_NODE.major + 1}`);
    expect(nodeVersionProblem(pkg.devDependencies.node)).toBeNull();
  });
});
