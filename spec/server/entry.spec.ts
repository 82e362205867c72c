import { join, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '../..');
const SERVER = join(ROOT, 'lib/server/index.ts');

/** The names an entry exports (values and types), each with the declaration it stands for. */
function exportsOf(program: ts.Program, file: string): Map<string, ts.Declaration | undefined> {
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file) as ts.SourceFile) as ts.Symbol;
  return new Map(
    checker.getExportsOfModule(module).map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return [symbol.name, target.declarations?.[0]];
    })
  );
}

describe('the server entry (rx-conversations/server)', () => {
  const program = ts.createProgram([SERVER], { strict: true, noEmit: true, skipLibCheck: true, types: ['node'] });

  it('exports what a user passes to the server or receives from it, and nothing else', () => {
    expect([...exportsOf(program, SERVER).keys()].sort()).toEqual([
      'ApnsPayload',
      'DEFAULTS',
      'DEFAULT_MEDIA_CONTENT_TYPES',
      'FcmPayload',
      'IssueTokenOptions',
      'Logger',
      'MediaStore',
      'MissingPackageError',
      'OptionalPackage',
      'PushDelivery',
      'PushGateway',
      'RunningServer',
      'ServerOptions',
      'startServer'
    ]);
  });
});
