/**
 * A small, strict Mustache subset for feedback templates (no dependency, no code in templates):
 *   {{name}} {{a.b}} {{.}}          a value (HTML-escaped in html mode)
 *   {{#name}}...{{/name}}           a section: repeated for each array item, once for a truthy value
 *   {{^name}}...{{/name}}           an inverted section: when the value is missing, false, null, "" or []
 * Strict on purpose: a name the view model does not have is an error, not an empty string. So a
 * template can only ever show what its audience's view model contains (SPEC FB-2, FB-5), and a typo
 * in a template stops the process at boot instead of sending a broken message.
 */

export type RenderMode = 'text' | 'html';

type Node =
  | { type: 'text'; value: string }
  | { type: 'var'; name: string }
  | { type: 'section'; name: string; inverted: boolean; children: Node[] };

export class TemplateError extends Error {}

export interface CompiledTemplate {
  readonly source: string;
  render(view: unknown, mode: RenderMode): string;
}

const TAG = /{{\s*([#^/]?)\s*([A-Za-z0-9_.]+)\s*}}/g;
const NAME = /^(\.|[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)$/;

export function compileTemplate(source: string, label = 'template'): CompiledTemplate {
  const nodes = parse(removeStandaloneSectionLines(source), label);
  return {
    source,
    render: (view, mode) => renderNodes(nodes, [view], mode, label),
  };
}

/** A section tag alone on its line leaves no blank line behind (as in Mustache). */
function removeStandaloneSectionLines(source: string): string {
  return source.replace(/^[ \t]*{{\s*[#^/]\s*[A-Za-z0-9_.]+\s*}}[ \t]*\r?\n/gm, (line) => line.trim().replace(/\r?\n$/, ''));
}

function parse(source: string, label: string): Node[] {
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [{ name: '', children: root }];
  let last = 0;
  for (const match of source.matchAll(TAG)) {
    const [whole, sigil, name] = match;
    const at = match.index ?? 0;
    const current = stack[stack.length - 1];
    if (at > last) current.children.push({ type: 'text', value: source.slice(last, at) });
    last = at + whole.length;
    if (!NAME.test(name)) throw new TemplateError(`${label}: bad name "${name}"`);
    if (sigil === '#' || sigil === '^') {
      const section: Node = { type: 'section', name, inverted: sigil === '^', children: [] };
      current.children.push(section);
      stack.push({ name, children: section.children });
    } else if (sigil === '/') {
      if (stack.length === 1 || current.name !== name) throw new TemplateError(`${label}: {{/${name}}} does not close an open section`);
      stack.pop();
    } else {
      current.children.push({ type: 'var', name });
    }
  }
  if (stack.length > 1) throw new TemplateError(`${label}: section {{#${stack[stack.length - 1].name}}} is not closed`);
  if (last < source.length) root.push({ type: 'text', value: source.slice(last) });
  if (/{{{|}}}/.test(source) || /{{|}}/.test(source.replace(TAG, ''))) throw new TemplateError(`${label}: a tag is malformed (only {{name}}, {{#name}}, {{^name}}, {{/name}} are allowed; values are always escaped in HTML)`);
  return root;
}

function lookup(contexts: unknown[], name: string, label: string): unknown {
  if (name === '.') return contexts[contexts.length - 1];
  const [head, ...rest] = name.split('.');
  for (let i = contexts.length - 1; i >= 0; i--) {
    const ctx = contexts[i];
    if (ctx !== null && typeof ctx === 'object' && Object.prototype.hasOwnProperty.call(ctx, head)) {
      let value: unknown = (ctx as Record<string, unknown>)[head];
      for (const part of rest) {
        if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, part)) {
          throw new TemplateError(`${label}: "${name}" is not in the view model`);
        }
        value = (value as Record<string, unknown>)[part];
      }
      return value;
    }
  }
  throw new TemplateError(`${label}: "${name}" is not in the view model`);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === false || value === '' || (Array.isArray(value) && value.length === 0);
}

function renderNodes(nodes: Node[], contexts: unknown[], mode: RenderMode, label: string): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') {
      out += node.value;
    } else if (node.type === 'var') {
      const value = lookup(contexts, node.name, label);
      if (value !== null && typeof value === 'object') throw new TemplateError(`${label}: "${node.name}" is not a plain value`);
      const text = value === null || value === undefined ? '' : String(value);
      out += mode === 'html' ? escapeHtml(text) : text;
    } else {
      const value = lookup(contexts, node.name, label);
      if (node.inverted) {
        if (isEmpty(value)) out += renderNodes(node.children, contexts, mode, label);
      } else if (Array.isArray(value)) {
        for (const item of value) out += renderNodes(node.children, [...contexts, item], mode, label);
      } else if (!isEmpty(value)) {
        out += renderNodes(node.children, typeof value === 'object' ? [...contexts, value] : contexts, mode, label);
      }
    }
  }
  return out;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
