// The extensionTestsPath entry of the web-host run (bundled by test/browser/web-host.mjs into
// out/test/browser/index.js). VS Code's web worker extension host loads it like an extension
// module and awaits run(). Mocha comes as its browser build (a worker has no require of files),
// so the scenarios are bundled in and registered here. NOT the desktop suite's entry
// (test/vscode/suite/index.ts), which finds its files on disk.
import 'mocha/mocha.js';
import { registerScenarios } from './web.test';

export function run(): Promise<void> {
	mocha.setup({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60_000 });
	registerScenarios();
	return new Promise((resolve, reject) => {
		const runner = mocha.run((failures: number) => {
			const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
			const failed = Math.max(failures, stats.failures ?? 0);
			const pending = stats.pending ?? 0;
			console.log(`${stats.passes ?? 0} passed, ${failed} failed${pending > 0 ? `, ${pending} skipped` : ''}`);
			if (failed > 0) {
				reject(new Error(`${failed} tests failed.`));
			} else {
				resolve();
			}
		});
	});
}
