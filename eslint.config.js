// ESLint for lib/, spec/, bench/ and examples/: typescript-eslint's type-aware recommended rules
// (floating promises, unsafe any among them); layout is Prettier's, so its clashing rules are off.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'test-output/', 'docs/', '**/node_modules/', 'spec/package/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node }
    },
    rules: {
      // async functions without await are how this code meets async interfaces (fastify plugins,
      // command handlers, Storage.close): the rule would ask for the same function written two ways
      '@typescript-eslint/require-await': 'off',
      // `_name` marks what is left out on purpose; `{ left, ...rest }` takes `left` out of `rest`
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }
      ]
    }
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier
);
