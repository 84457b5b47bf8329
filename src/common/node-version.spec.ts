import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeVersionProblem, REQUIRED_NODE_MAJOR } from './node-version';

describe('the entry points\' Node.js check', () => {
  it('accepts Node 22 and names the version it refuses, with how to run the service', () => {
    expect(nodeVersionProblem('22.23.3')).toBeNull();
    const problem = nodeVersionProblem('20.20.2');
    expect(problem).toContain('needs Node.js 22, and this is Node.js 20.20.2');
    expect(problem).toContain('npm run migrate');
    expect(nodeVersionProblem('24.1.0')).toContain('this is Node.js 24.1.0');
  });

  it('asks for the major version package.json pins (engines and the node dev dependency)', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(pkg.engines.node).toBe(`>=${REQUIRED_NODE_MAJOR}.12 <${REQUIRED_NODE_MAJOR + 1}`);
    expect(pkg.devDependencies.node.split('.')[0]).toBe(String(REQUIRED_NODE_MAJOR));
  });
});
