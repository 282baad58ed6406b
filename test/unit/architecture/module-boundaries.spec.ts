import * as fs from 'node:fs';
import * as path from 'node:path';

const MODULES = path.resolve(__dirname, '../../../src/modules');
const PLATFORM = path.resolve(__dirname, '../../../src/platform');

// Inside a module, what each layer must not import (api/ is the edge: it may import every layer).
const FORBIDDEN: Record<string, string[]> = {
  domain: ['api', 'application', 'infrastructure'],
  application: ['api'],
  infrastructure: ['api', 'application'],
};

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? filesUnder(path.join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [path.join(dir, entry.name)]
          : [],
    );
}

/** Every relative import of a file, resolved, with its line. */
function importsOf(file: string): { target: string; line: number; spec: string }[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)]
    .filter((match) => match[1]!.startsWith('.'))
    .map((match) => ({
      spec: match[1]!,
      target: path.resolve(path.dirname(file), match[1]!),
      line: text.slice(0, match.index).split('\n').length,
    }));
}

const modules = fs.readdirSync(MODULES).filter((name) => fs.statSync(path.join(MODULES, name)).isDirectory());
const where = (file: string, line: number) => `${path.relative(MODULES, file)}:${line}`;

describe('module boundaries (docs/architecture.md)', () => {
  it('finds the modules and their files', () => {
    expect(modules).toEqual(
      expect.arrayContaining(['identity', 'ownership', 'provisioning', 'subscription']),
    );
    expect(filesUnder(MODULES).length).toBeGreaterThan(100);
  });

  it("a module imports another module's contracts/ folder only", () => {
    const crossings: string[] = [];
    for (const module of modules)
      for (const file of filesUnder(path.join(MODULES, module)))
        for (const { target, line, spec } of importsOf(file)) {
          const [other, folder] = path.relative(MODULES, target).split(path.sep);
          if (other === '..' || other === module || !modules.includes(other!)) continue;
          if (folder !== 'contracts') crossings.push(`${where(file, line)} -> ${spec}`);
        }
    expect(crossings).toEqual([]);
  });

  it('inside a module, domain/ imports no other layer, application/ and infrastructure/ not api/', () => {
    const inversions: string[] = [];
    for (const module of modules)
      for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
        const dir = path.join(MODULES, module, layer);
        if (!fs.existsSync(dir)) continue;
        for (const file of filesUnder(dir))
          for (const { target, line, spec } of importsOf(file)) {
            const [targetLayer] = path.relative(path.join(MODULES, module), target).split(path.sep);
            if (forbidden.includes(targetLayer!))
              inversions.push(`${where(file, line)}: ${layer} -> ${spec}`);
          }
      }
    expect(inversions).toEqual([]);
  });

  it('domain/ code does no I/O and uses no framework (pure deciders and rules)', () => {
    const impure: string[] = [];
    const banned =
      /from ['"](@nestjs\/[^'"]+|fastify|better-sqlite3|node:fs|fs|node:child_process|@eventstore\/[^'"]+)['"]|\bDate\.now\(|\brandomUUID\(|\bMath\.random\(/;
    for (const module of modules) {
      const dir = path.join(MODULES, module, 'domain');
      if (!fs.existsSync(dir)) continue;
      for (const file of filesUnder(dir))
        fs.readFileSync(file, 'utf8')
          .split('\n')
          .forEach((text, i) => {
            if (banned.test(text)) impure.push(`${where(file, i + 1)}: ${text.trim()}`);
          });
    }
    expect(impure).toEqual([]);
  });

  it('the platform imports no module', () => {
    const reaching: string[] = [];
    for (const file of filesUnder(PLATFORM))
      for (const { target, line, spec } of importsOf(file))
        if (!path.relative(MODULES, target).startsWith('..'))
          reaching.push(`${path.relative(PLATFORM, file)}:${line} -> ${spec}`);
    expect(reaching).toEqual([]);
  });
});
