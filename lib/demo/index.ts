/**
 * The live dashboard behind `rx-conversations demo` (`npm start`): the embedded server, a
 * handful of simulated people (real clients in this process) and a web page built on the
 * public client API.
 * @packageDocumentation
 */
export { startDemo, type DemoOptions, type RunningDemo } from './start-demo';
