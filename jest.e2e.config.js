/**
 * The browser suite (`npm run test:e2e`): the demo dashboard and the client's browser build in
 * headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core). Needs `npm run build`
 * first. Not part of the default `npm test`.
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec/e2e'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }
    ]
  },
  maxWorkers: 1,
  testTimeout: 60000,
  // a failed test can leave its fleet of clients, browsers or server processes running; the run
  // still ends (and reports the failure) rather than waiting on them
  forceExit: true
};
