// The read floor of a whole-workspace scan: a fresh Node process that walks a folder the way the
// CLI does (dot-folders, node_modules and __pycache__ skipped) and reads every .py file as text.
// Its spawn → exit time is what the CLI's scan is divided by. NOT a measurement of the engine.
//
//   node bench/read-floor.mjs DIR      prints {"files": N, "bytes": B}
import * as fs from 'node:fs';
import * as path from 'node:path';

let files = 0;
let bytes = 0;
const walk = (dir) => {
	for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
		if (ent.name.startsWith('.') || ent.name === 'node_modules' || ent.name === '__pycache__') continue;
		const abs = path.join(dir, ent.name);
		if (ent.isDirectory()) walk(abs);
		else if (ent.isFile() && ent.name.endsWith('.py')) {
			bytes += Buffer.byteLength(fs.readFileSync(abs, 'utf8'));
			files++;
		}
	}
};
walk(process.argv[2]);
process.stdout.write(JSON.stringify({ files, bytes }));
