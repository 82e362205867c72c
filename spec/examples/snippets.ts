import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** The repository's root. */
export const ROOT = resolve(__dirname, '../..');

/** The ```ts blocks of a Markdown file, in order. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
}

/**
 * What the documentation's snippets take for granted, declared when a snippet uses the name
 * without declaring it: a connected client, an open conversation, an input element.
 */
const CONTEXT: Record<string, string> = {
  token: 'string',
  client: "import('rx-conversations').Client",
  conversation: "import('rx-conversations').Conversation",
  input: 'HTMLInputElement',
  status: 'HTMLElement',
  render: '(bodies: string[]) => void'
};

function declaresOwn(code: string, name: string): boolean {
  return new RegExp(`\\b(const|let|var|function|class)\\s+${name}\\b|import[^;]*\\b${name}\\b[^;]*from`).test(code);
}

/** A snippet as a module of its own, with the context it uses declared. */
export function asModule(code: string): string {
  const prelude = Object.entries(CONTEXT)
    .filter(([name]) => new RegExp(`\\b${name}\\b`).test(code) && !declaresOwn(code, name))
    .map(([name, type]) => `declare const ${name}: ${type};`);
  return `${prelude.join('\n')}\n${code}\nexport {};\n`;
}

/** Writes every ```ts block of `docs` as a module under `dir`; answers their paths. */
export function writeSnippets(dir: string, docs: readonly string[]): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const doc of docs) {
    tsBlocks(readFileSync(join(ROOT, doc), 'utf8')).forEach((code, i) => {
      const file = join(dir, `${basename(doc, '.md')}-${i + 1}.ts`);
      writeFileSync(file, asModule(code));
      files.push(file);
    });
  }
  return files;
}
