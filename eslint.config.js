import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'bench/results/**', 'apps/web/dist/**', 'apps/web/src/api/*.generated.*', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/libs/*/src/**', '@saksgang/*/**'],
              message: 'Import libraries only through their index via the @saksgang/* alias.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@nestjs/common', '@nestjs/core', '@nestjs/cqrs', 'pg', '@electric-sql/pglite', 'node:fs', 'fs'],
          patterns: [{ group: ['@saksgang/*', '**/libs/*/src/**'], message: 'The domain is pure: no framework, no I/O, no other library.' }],
        },
      ],
    },
  },
);
