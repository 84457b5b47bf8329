/**
 * The architecture, as rules `npm run lint` checks (dependency-cruiser).
 *
 * A feature is a folder under src/modules/<feature>/. Inside it:
 *   domain/       pure TypeScript rules: no framework, no database, no queue
 *   persistence/  entities and repositories: the only place SQL and ORM calls live
 *   dto/, jobs/, use-cases/ or <feature>.service.ts, <feature>.controller.ts, <feature>.module.ts
 *
 * A feature talks to another feature only through what that feature exports (its services, query
 * objects and domain vocabulary), never through its tables. src/common and src/database are the
 * shared floor: features stand on them, never the other way round.
 */

/**
 * The features, bottom up. Each may use the ones listed before it and none listed after it, so the
 * features form a one-way graph and no cycle between feature folders can exist. When a feature needs
 * something from one above it, the thing belongs lower down (usually in the owner's domain/
 * vocabulary), or the lower feature exposes a service the higher one calls.
 */
const FEATURES_BOTTOM_UP = [
  'calendar', // working days, bank holidays, SLA clocks, notifications
  'mail', // the SMTP transport
  'contacts', // contact rows, references, status, intake, import, public tracking
  'people', // person index, matching, history, chronology
  'checks', // agency checks
  'triage', // grading, approvals of grades, assignment
  'contact-tags', // the malicious/vexatious tag (evidence, manager approval)
  'feedback', // feedback to referrers
  'decisions', // threshold decisions
  'step-downs', // child status, step-downs to early help
  'strategy', // strategy discussions
  'challenges', // challenges and professionals meetings
  'oversight', // reports, audits, exports: the one read model that reads every table
];

/**
 * A feature's words (outcomes, levels, statuses) live in domain/<name>-vocabulary.ts. Any feature may
 * use any feature's vocabulary, whatever the order: a vocabulary file imports no other feature's code
 * (rule vocabulary-is-a-leaf), so using one cannot close a cycle.
 */
const VOCABULARY = '^src/modules/[^/]+/domain/[^/]+-vocabulary[.]ts$';

function featuresBuildUpwards() {
  return FEATURES_BOTTOM_UP.map((feature, i) => {
    const above = FEATURES_BOTTOM_UP.slice(i + 1);
    return {
      name: 'no-cycle-between-features',
      severity: 'error',
      comment:
        `${feature} sits below ${above.join(', ') || 'nothing'} (FEATURES_BOTTOM_UP in ` +
        '.dependency-cruiser.cjs): it may not import them, so features never form a cycle.',
      from: { path: `^src/modules/${feature}/` },
      to: { path: above.length ? `^src/modules/(${above.join('|')})/` : '^$', pathNot: VOCABULARY },
    };
  }).filter((rule) => rule.to.path !== '^$');
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'domain/ holds the rules as plain TypeScript, unit-tested without a database: it imports ' +
        'nothing from Nest, TypeORM, pg or BullMQ.',
      from: { path: '^src/modules/[^/]+/domain/' },
      to: { path: '^node_modules/(@nestjs/|typeorm/|pg/|pg-[^/]+/|bullmq/)' },
    },
    {
      name: 'domain-uses-only-domain-of-other-features',
      severity: 'error',
      comment:
        "A feature's domain/ may use another feature's domain/ (its vocabulary and rules), never its " +
        'services, entities or jobs.',
      from: { path: '^src/modules/([^/]+)/domain/' },
      to: {
        path: '^src/modules/[^/]+/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/domain/'],
      },
    },
    {
      name: 'no-other-features-tables',
      severity: 'error',
      comment:
        "A feature owns its tables. Another feature never imports its persistence/ (entities, " +
        "repositories, SQL): it asks the owner's exported service or query object instead.",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/persistence/', pathNot: '^src/modules/$1/' },
    },
    ...featuresBuildUpwards(),
    {
      name: 'vocabulary-is-a-leaf',
      severity: 'error',
      comment:
        'domain/*-vocabulary.ts files hold words every feature may use; they import no other ' +
        "feature's code except its vocabulary, so they never pull a feature into a cycle.",
      from: { path: VOCABULARY },
      to: { path: '^src/modules/', pathNot: VOCABULARY },
    },
    {
      name: 'shared-floor-knows-no-feature',
      severity: 'error',
      comment:
        'src/common and src/database are used by every feature, so they import none: a helper that ' +
        "needs a feature belongs in that feature.",
      from: { path: '^src/(common|database)/' },
      to: { path: '^src/modules/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
