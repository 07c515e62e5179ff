// The extensionTestsPath entry (compiled to out/test/vscode/index.js). The extension host
// require()s it and awaits run(), both under code-server (test/vscode-host/run-tests.mjs) and
// under @vscode/test-electron (test/vscode-host/run-electron.mjs).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
	const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
	// MOCHA_GREP narrows the run while working on one scenario (the env reaches the extension host).
	if (process.env.MOCHA_GREP) {
		mocha.grep(process.env.MOCHA_GREP);
	}
	const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
	if (files.length === 0) {
		console.log(`no *.test.js files next to ${__filename}`);
		console.log('0 passed, 1 failed');
		return Promise.reject(new Error('no test files found.'));
	}
	for (const f of files) {
		mocha.addFile(path.join(__dirname, f));
	}
	return new Promise((resolve, reject) => {
		try {
			const runner = mocha.run((failures) => {
				const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
				const pending = stats.pending ?? 0;
				const failed = Math.max(failures, stats.failures ?? 0);
				console.log(`${stats.passes ?? 0} passed, ${failed} failed${pending > 0 ? `, ${pending} skipped` : ''}`);
				if (failed > 0) {
					reject(new Error(`${failed} tests failed.`));
				} else {
					resolve();
				}
			});
		} catch (err) {
			console.error(err);
			console.log('0 passed, 1 failed');
			reject(err instanceof Error ? err : new Error(String(err)));
		}
	});
}
