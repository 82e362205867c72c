/**
 * Builds the app with Angular's application builder (@angular/build:application, esbuild) through
 * Angular's Architect API — what `ng build` does, without the CLI package:
 * `node build.js [configuration...]` (default: zoneless and zone, into dist/zoneless and dist/zone).
 * In your own app, `ng build` with this angular.json does the same.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// Architect and the devkit are CommonJS packages
const require = createRequire(import.meta.url);
const { Architect } = require('@angular-devkit/architect');
const { WorkspaceNodeModulesArchitectHost } = require('@angular-devkit/architect/node');
const { logging, schema, workspaces } = require('@angular-devkit/core');
const { NodeJsSyncHost } = require('@angular-devkit/core/node');

const root = fileURLToPath(new URL('.', import.meta.url));
const configurations = process.argv.length > 2 ? process.argv.slice(2) : ['zoneless', 'zone'];

const { workspace } = await workspaces.readWorkspace(root, workspaces.createWorkspaceHost(new NodeJsSyncHost()));
const registry = new schema.CoreSchemaRegistry();
registry.addPostTransform(schema.transforms.addUndefinedDefaults);
const architect = new Architect(new WorkspaceNodeModulesArchitectHost(workspace, root), registry);
const logger = new logging.Logger('build');
logger.subscribe((entry) =>
  (entry.level === 'error' || entry.level === 'fatal' ? console.error : console.log)(entry.message)
);

let failed = false;
for (const configuration of configurations) {
  const run = await architect.scheduleTarget({ project: 'app', target: 'build', configuration }, {}, { logger });
  const result = await run.result;
  await run.stop();
  console.log(`${configuration}: ${result.success ? 'built' : 'FAILED'}`);
  failed ||= !result.success;
}
process.exit(failed ? 1 : 0);
