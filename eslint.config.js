// ESLint for lib/, spec/, bench/ and examples/: typescript-eslint's type-aware recommended rules
// (floating promises, unsafe any among them); layout is Prettier's, so its clashing rules are off.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'test-output/', 'docs/', '**/node_modules/', 'spec/package/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    }
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier
);
