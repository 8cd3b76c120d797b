// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Pure cores: no I/O, no clock, no randomness, no framework (model-codebases.md §6 rule 4). */
const pureCoreRules = {
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'pure core: time is passed in' },
    { name: 'setInterval', message: 'pure core: time is passed in' },
    { name: 'setImmediate', message: 'pure core: time is passed in' },
    { name: 'process', message: 'pure core: configuration is passed in' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'pure core: use the Clock passed in' },
    { object: 'Math', property: 'random', message: 'pure core: randomness is passed in' },
    { object: 'performance', property: 'now', message: 'pure core: use the Clock passed in' },
  ],
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['node:fs', 'fs', 'node:fs/*', 'fs/*'], message: 'pure core: no file system' },
        { group: ['node:net', 'net', 'node:dgram', 'node:http', 'http', 'node:timers', 'timers', 'node:child_process', 'node:zlib', 'zlib'], message: 'pure core: no I/O' },
        { group: ['@nestjs/*', 'ioredis', 'kafkajs', 'pino'], message: 'pure core: no framework, client or global logger' },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.cjs', '*.mjs', '.*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', module: 'writable', require: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Nest injects by the constructor parameter types that emitDecoratorMetadata records, so
    // those imports are values, not types: the parser must know, or autofix would break DI.
    files: ['services/{order,billing,analytics}/**/*.ts', 'libs/nest-kit/**/*.ts', 'e2e/test/groups/nestjs-transport.test.ts'],
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
  },
  {
    files: ['libs/kafka-protocol/src/**/*.ts', 'libs/shared/src/**/*.ts', 'libs/raft/src/**/*.ts', 'libs/metadata/src/**/*.ts', 'libs/sim/src/**/*.ts', 'services/broker/src/groups/**/*.ts', 'services/controller/src/control/**/*.ts'],
    rules: pureCoreRules,
  },
);
