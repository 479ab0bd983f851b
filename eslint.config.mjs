// ESLint: typescript-eslint's recommended rules over the whole project, with
// the mini program's globals for miniprogram/ and Node's everywhere else.
// Formatting is Prettier's job (npm run format), so no style rules here.
import js from '@eslint/js';
import * as espree from 'espree';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const miniProgramGlobals = {
  wx: 'readonly',
  App: 'readonly',
  Page: 'readonly',
  Component: 'readonly',
  Behavior: 'readonly',
  getApp: 'readonly',
  getCurrentPages: 'readonly',
  requirePlugin: 'readonly',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cloudfunctions/*/index.js', 'out/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `import x = require()` keeps wx-server-sdk a plain CommonJS require in the bundle.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['wx-server-sdk'] }],
      eqeqeq: 'error',
    },
  },
  {
    // The mini program runs on WeChat's JS engine, not Node: the type checker sees Node's
    // types for the whole project, so Node's globals and modules are refused here instead.
    files: ['miniprogram/**/*.ts'],
    languageOptions: { globals: { ...miniProgramGlobals } },
    rules: {
      'no-restricted-globals': ['error', 'Buffer', 'process', 'require', 'module', '__dirname', '__filename', 'global', 'setImmediate'],
      // Only relative imports: the mini program has no Node modules, and an npm package would need DevTools' 构建 npm.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\.{1,2}/)', message: 'Page code imports only relative files (./ or ../).' }] },
      ],
    },
  },
  {
    // Tests load modules the way the platform does (require after jest.mock, the built bundle).
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Runs inside Node 12 (npm run test:runtimes): syntax Node 12 cannot parse (?. ??) is a parse error here.
    // ESLint's own parser, which honours ecmaVersion; typescript-eslint's parses any syntax.
    files: ['test/support/runtimeRunner.cjs'],
    languageOptions: { parser: espree, ecmaVersion: 2019 },
  },
  {
    // Runs first, under whatever Node a newcomer has, to say it is too old: plain ES5.
    files: ['scripts/checkSetup.js'],
    languageOptions: { parser: espree, ecmaVersion: 5, sourceType: 'script' },
  },
);
