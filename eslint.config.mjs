// The layering, import and formatting rules that keep the code as docs/architecture.md describes it.
// `npm run lint` runs this; `npm test` runs that right after the type check.
// No rule here needs type information, so the whole tree lints in seconds rather than minutes.
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

/** The `vscode` module, or a subpath of it. */
const VSCODE = /^vscode(?:\/|$)/.source;
const VSCODE_MESSAGE =
  'Only src/extension and test/vscode may import vscode: the engine, worker, CLI, shared code and webview run without it.';

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', '.vscode-test/**', 'test-results/**', 'bench/results/**', 'data/**', '**/*.d.ts'],
  },
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      // import-x reads the files an import points to: tell it they are TypeScript, and how to find them.
      'import-x/extensions': ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts', '.cts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'] })],
    },
    rules: {
      // Types stay types: no `any`, and an import used only as a type says so (esbuild then drops it, and
      // import-x/no-cycle does not count it as a run-time dependency).
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      // ...and an import of types only is `import type { A }`, never `import { type A }`.
      '@typescript-eslint/no-import-type-side-effects': 'error',

      // vscode stays in the extension host: static, type-only, re-exported, dynamic and required forms.
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: VSCODE, message: VSCODE_MESSAGE }] }],
      'no-restricted-syntax': [
        'error',
        { selector: `ImportExpression[source.value=/${VSCODE}/]`, message: VSCODE_MESSAGE },
        { selector: `CallExpression[callee.name='require'][arguments.0.value=/${VSCODE}/]`, message: VSCODE_MESSAGE },
      ],

      // Formatting: the style the code already has, so `eslint --fix` keeps it. These are ESLint's own
      // formatting rules (deprecated in favour of @stylistic, available until ESLint 11; no extra dependency).
      // `indent` is left out: it misreads the code's aligned multi-line ternaries.
      // Line length, measured on the tree (36,000 lines): 95% fit in 120 columns, 99% in 160. The limit is 160;
      // a line holding a string, template or regular expression may run longer, so a message stays whole and
      // can be found with grep.
      'max-len': [
        'error',
        { code: 160, tabWidth: 2, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
      quotes: ['error', 'single', { avoidEscape: true, allowTemplateLiterals: true }],
      semi: ['error', 'always'],
      'comma-dangle': ['error', 'always-multiline'],
      'eol-last': 'error',
      'no-trailing-spaces': 'error',
      'no-multiple-empty-lines': ['error', { max: 1 }],
      'object-curly-spacing': ['error', 'always'],
      'comma-spacing': 'error',
      'keyword-spacing': 'error',
      'space-before-blocks': 'error',
      'space-infix-ops': 'error',
      'arrow-parens': 'error',
      'brace-style': ['error', '1tbs', { allowSingleLine: true }],
    },
  },
  {
    // import-x/no-cycle follows every import, so it runs where a cycle matters: the shipped code.
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Exemption: the extension host, and the integration tests that drive it inside a real VS Code.
    files: ['src/extension/**', 'test/vscode/**'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
);
