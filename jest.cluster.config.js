/**
 * The cluster suite (`npm run test:cluster`): PostgreSQL storage, the NATS JetStream bus, and
 * three server processes serving one service. Needs PostgreSQL and NATS (addresses in
 * RXC_TEST_POSTGRES_URL and RXC_TEST_NATS_URL); fails, never skips, when they are missing.
 * Files run one at a time: each starts its own processes.
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec/cluster'],
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
