import { compileTemplate, escapeHtml, TemplateError } from './template-renderer';

describe('feedback template renderer (strict Mustache subset)', () => {
  const view = { name: 'Ann <b>', n: 0, team: { phone: '0163' }, items: ['a & b', 'c'], empty: [], none: null, yes: true, no: false };

  it.each([
    ['Hello {{name}}', 'text', 'Hello Ann <b>'],
    ['Hello {{name}}', 'html', 'Hello Ann &lt;b&gt;'],
    ['{{team.phone}}', 'text', '0163'],
    ['{{n}}', 'text', '0'],
    ['{{#items}}[{{.}}]{{/items}}', 'text', '[a & b][c]'],
    ['{{#items}}[{{.}}]{{/items}}', 'html', '[a &amp; b][c]'],
    ['{{#empty}}x{{/empty}}{{^empty}}none{{/empty}}', 'text', 'none'],
    ['{{#none}}x{{/none}}{{^none}}missing{{/none}}', 'text', 'missing'],
    ['{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!N{{/no}}', 'text', 'Y!N'],
    ['{{#team}}{{phone}}{{/team}}', 'text', '0163'],
    ['{{#items}}{{name}}:{{.}} {{/items}}', 'text', 'Ann <b>:a & b Ann <b>:c '], // outer context is visible in a section
  ] as const)('%s (%s) -> %s', (source, mode, expected) => {
    expect(compileTemplate(source).render(view, mode)).toBe(expected);
  });

  it('a section tag alone on its line leaves no blank line', () => {
    const t = compileTemplate('Start\n{{#items}}\n- {{.}}\n{{/items}}\n{{#no}}\nhidden\n{{/no}}\nEnd\n');
    expect(t.render(view, 'text')).toBe('Start\n- a & b\n- c\nEnd\n');
  });

  it.each([
    ['{{referrerName}}', /"referrerName" is not in the view model/],
    ['{{team.email}}', /"team.email" is not in the view model/],
    ['{{#items}}{{secret}}{{/items}}', /"secret" is not in the view model/],
    ['{{team}}', /"team" is not a plain value/],
  ])('a name the view model does not have is an error: %s', (source, message) => {
    expect(() => compileTemplate(source).render(view, 'text')).toThrow(message);
  });

  it.each([['{{#a}}x'], ['x{{/a}}'], ['{{#a}}{{/b}}'], ['{{{raw}}}'], ['{{ bad name }}'], ['{{a}']])('malformed template %s is refused when compiled', (source) => {
    expect(() => compileTemplate(source)).toThrow(TemplateError);
  });

  it('escapes every HTML special character', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
