/**
 * The `rx-conversations` command: `serve` runs the server, `token` prints an access token,
 * `demo` runs the live dashboard, `keys` manages the REST API's keys.
 * See {@link HELP} or `rx-conversations --help`.
 */
import { MissingPackageError } from '../server';
import { parseConfig } from './config';
import { HELP } from './help';
import { demo } from './demo';
import { keys } from './keys';
import { serve } from './serve';
import { token } from './token';

async function main(argv: string[]): Promise<number> {
  const config = parseConfig(argv, process.env);
  switch (config.command) {
    case 'help':
      console.log(HELP);
      return 0;
    case 'serve':
      return serve(config);
    case 'token':
      return token(config);
    case 'demo':
      return demo(config);
    case 'keys':
      return keys(config);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`rx-conversations: ${error instanceof Error ? error.message : String(error)}`);
    // a missing driver's message is the command that installs it
    if (!(error instanceof MissingPackageError)) console.error('Try rx-conversations --help');
    process.exit(2);
  }
);
