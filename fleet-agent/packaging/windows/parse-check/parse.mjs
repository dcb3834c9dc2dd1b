// Parses each PowerShell file given with the tree-sitter PowerShell grammar and prints every ERROR or MISSING node.
// Exit code 0 when all parse cleanly. Run: node parse.mjs ../install.ps1 ... (after npm install in this folder).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const Parser = require('tree-sitter');
const PowerShell = (await import('tree-sitter-powershell/bindings/node/index.js')).default;

const parser = new Parser();
parser.setLanguage(PowerShell);
let problems = 0;
for (const file of process.argv.slice(2)) {
  const tree = parser.parse(readFileSync(file, 'utf8'));
  const found = [];
  const walk = (node) => {
    if (node.type === 'ERROR' || node.isMissing) {
      found.push(`${node.isMissing ? 'missing ' + node.type : 'syntax error'} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}`);
    }
    for (const child of node.children) walk(child);
  };
  walk(tree.rootNode);
  console.log(`${file}: ${found.length ? found.join(', ') : 'parsed without errors'}`);
  problems += found.length;
}
process.exit(problems ? 1 : 0);
