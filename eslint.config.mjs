// Flat config: typescript-eslint's recommended rules without type information (fast on 2 cores).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['bench/**', 'src/dev.ts', 'src/seed.ts', 'src/migrate.ts', 'src/import.ts', 'src/retention-dry-run.ts', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // The bench scripts are plain CommonJS run by Node.
    files: ['bench/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
