// ESLint for the whole repository (`npm run lint`, the first check of `npm test`, with no warning allowed).
// Few rules, the ones that catch real faults in this code:
// - TypeScript with type information: a promise nobody awaits (its rejection is lost, or the work outlives the
//   request or the test) and a promise passed where a plain callback is expected (an express handler, an event
//   listener) are errors: write `await`, or `void` where running on unawaited is meant and its errors are handled.
// - ESLint's and typescript-eslint's recommended rules for mistakes (not style: Prettier owns layout).
// - The widget (widget/src): eslint-plugin-lit's and eslint-plugin-wc's recommended rules for Lit templates and
//   custom elements.
// Unused exports, files and dependencies are found by knip (knip.json), which `npm run lint` runs after ESLint.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { defineConfig } from 'eslint/config';

export default defineConfig(
  { ignores: ['dist/', 'data/', 'coverage/', '.tmp/', 'widget/custom-elements.json'] },
  js.configs.recommended,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // CMS page fixtures' own scripts run in the browser, as a council's CMS page would.
    files: ['fixtures/cms-pages/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.ts', '**/*.d.mts'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe() and it() return promises that the runner itself waits for.
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['describe', 'it', 'suite', 'test'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      // `const { dropped: _dropped, ...kept } = value` is how this code leaves a field out.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Kysely<any> is kysely's own way to type migrations and dialect-generic helpers; `strict` does the rest.
      '@typescript-eslint/no-explicit-any': 'off',
      // The regular expressions that match control characters do so on purpose: they refuse or blank them out.
      'no-control-regex': 'off',
    },
  },
  {
    // Declaration files describe a module's shape: a name used only in a type there is the point.
    files: ['**/*.d.ts', '**/*.d.mts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    // The browser tests (mocha + chai through @open-wc/testing): @open-wc/semantic-dom-diff types every chai
    // `.equal()` as returning a promise, which it does not for values, so the rule would flag every assertion.
    // The one assertion that really is a promise, axe's `.accessible()`, must be awaited: an unawaited one never fails.
    files: ['test/widget/**/*.ts', 'test/host-shims/**/*.ts'],
    rules: {
      // chai's property assertions (`expect(x).to.exist`) are expressions by design.
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExpressionStatement > CallExpression[callee.property.name=/^(accessible|isAccessible)$/]',
          message: 'Await the accessibility check: an unawaited one can never fail the test.',
        },
      ],
    },
  },
  {
    files: ['widget/src/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/recommended']],
  },
);
