import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The folders of src/ as layers, from the bottom: a file imports its own folder and lower
// ones only, so a type two layers share lives in the lower one. src/bench and src/main.tsx
// sit on top. Tests and the helpers in src/test/ may import anything; production code may
// not import those helpers.
const LAYERS = ['util', 'run', 'data', 'kernels', 'model', 'train', 'worker', 'ui'];
const TESTS = ['src/**/*.test.ts', 'src/**/*.bench.ts', 'src/test/**'];
const ORDER = LAYERS.join(' < ');

const noTestHelpers = { regex: '^(\\.{1,2}/)+test(/|$)', message: 'Production code may not import the test helpers in src/test/.' };

function layerBlock(layer, i) {
  const above = [...LAYERS.slice(i + 1), 'bench', 'main'];
  const allowed = LAYERS.slice(0, i + 1).reverse().map((l) => `src/${l}`).join(', ');
  const upward = {
    regex: `^(\\.\\./)+(${above.join('|')})(/|$)`,
    message: `src/${layer} may import ${allowed} only: imports go down the layers (${ORDER}). Move a type both layers need into the lower one.`,
  };
  return {
    files: [`src/${layer}/**/*.{ts,tsx}`],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [upward, noTestHelpers] }] },
  };
}

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...LAYERS.map(layerBlock),
  {
    files: ['src/bench/**/*.{ts,tsx}', 'src/main.tsx'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { patterns: [noTestHelpers] }] },
  },
);
