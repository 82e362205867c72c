/** The default suite: everything that needs no outside service. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/spec/reliability/', '/spec/cluster/', '/spec/e2e/'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  // Angular ships ES modules only (.mjs): they are compiled to CommonJS like the specs
  transformIgnorePatterns: ['/node_modules/(?!@angular/)'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }
    ]
  },
  setupFiles: ['<rootDir>/spec/helpers/unpatched-event-target.ts'],
  testTimeout: 30000
};
