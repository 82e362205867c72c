/**
 * The reliability suite (`npm run test:reliability`): faults, bad input, access, rate limits and
 * load against the real server and real clients. Not part of the default `npm test`. Files run one
 * at a time, so the load and fault tests have the machine's cores to themselves.
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec/reliability'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }
    ]
  },
  maxWorkers: 1,
  testTimeout: 120000,
  // a failed test can leave its fleet of clients, browsers or server processes running; the run
  // still ends (and reports the failure) rather than waiting on them
  forceExit: true
};
