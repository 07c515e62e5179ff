// A minimal LSP client that runs in the test page: it starts dist/web/server.js in a real web
// worker, posts it the parser's bytes the way the web client does, and speaks JSON-RPC over
// postMessage (the transport of vscode-languageserver/browser: one message object per post, no
// Content-Length framing). It stands in for VS Code's side: it answers the server's requests
// (configuration, capability registration, progress, showDocument, and the two file requests of
// the web protocol) from an in-memory workspace. NOT a general LSP client.
(() => {
	const pending = new Map();
	const notifications = [];
	const serverRequests = [];
	let nextId = 1;
	let worker;
	let files = new Map();
	let folder = '';
	let settings = null;
	/** While set, answers to readFile wait here (to cancel a scan in the middle). */
	let heldReads;

	function send(message) {
		worker.postMessage({ jsonrpc: '2.0', ...message });
	}

	function base64(text) {
		const bytes = new TextEncoder().encode(text);
		let binary = '';
		for (const b of bytes) {
			binary += String.fromCharCode(b);
		}
		return btoa(binary);
	}

	function answer(method, params) {
		switch (method) {
			case 'workspace/configuration':
				return params.items.map((item) => (item.section === 'mcpAuthHints' ? settings : null));
			case 'mcpAuthHints/findFiles':
				return { folders: [{ uri: folder, files: [...files.keys()], truncated: false }] };
			case 'mcpAuthHints/readFile': {
				const text = files.get(params.uri);
				return text === undefined ? { error: `not found: ${params.uri}`, code: 'ENOENT' } : { base64: base64(text) };
			}
			case 'window/showDocument':
				return { success: true };
			default:
				// client/registerCapability, window/workDoneProgress/create, workspace/diagnostic/refresh, ...
				return null;
		}
	}

	function onMessage(event) {
		const msg = event.data;
		if (msg.method !== undefined && msg.id !== undefined) {
			serverRequests.push({ method: msg.method, params: msg.params, at: performance.now() });
			const reply = () => send({ id: msg.id, result: answer(msg.method, msg.params) });
			if (heldReads && msg.method === 'mcpAuthHints/readFile') {
				heldReads.push(reply);
			} else {
				reply();
			}
		} else if (msg.method !== undefined) {
			notifications.push({ method: msg.method, params: msg.params, at: performance.now() });
		} else {
			const waiting = pending.get(msg.id);
			pending.delete(msg.id);
			if (waiting) {
				if (msg.error) {
					waiting.reject(new Error(`${msg.error.code}: ${msg.error.message}`));
				} else {
					waiting.resolve(msg.result);
				}
			}
		}
	}

	window.lsp = {
		/** Starts the worker; `workspace` is { folder: uri, files: { uri: text }, settings }. Returns ms from new Worker() to the initialize answer. */
		async start(workspace) {
			folder = workspace.folder;
			files = new Map(Object.entries(workspace.files));
			settings = workspace.settings ?? null;
			const started = performance.now();
			worker = new Worker('/dist/web/server.js');
			worker.addEventListener('message', onMessage);
			worker.addEventListener('error', (e) => notifications.push({ method: 'worker/error', params: String(e.message), at: performance.now() }));
			const [runtime, grammar] = await Promise.all(['/dist/tree-sitter.wasm', '/dist/tree-sitter-python.wasm']
				.map((url) => fetch(url).then((r) => r.arrayBuffer())));
			worker.postMessage({ type: 'mcpAuthHints/wasm', runtime, grammar }, [runtime, grammar]);
			window.lsp.startedAt = started;
			const init = await window.lsp.request('initialize', {
				processId: null,
				rootUri: folder,
				workspaceFolders: [{ uri: folder, name: 'ws' }],
				capabilities: {
					workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: false }, workspaceEdit: { documentChanges: true } },
					window: { showDocument: { support: true }, workDoneProgress: true },
					textDocument: { diagnostic: { dynamicRegistration: false }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } } },
				},
			});
			window.lsp.notify('initialized', {});
			return { init, ms: performance.now() - started };
		},
		request(method, params) {
			return window.lsp.send(method, params).result;
		},
		/** A request and its id (for $/cancelRequest). */
		send(method, params) {
			const id = nextId++;
			const result = new Promise((resolve, reject) => {
				pending.set(id, { resolve, reject });
				send({ id, method, params });
			});
			return { id, result };
		},
		addFiles(more) {
			for (const [uri, text] of Object.entries(more)) {
				files.set(uri, text);
			}
		},
		holdReads() {
			heldReads = [];
		},
		releaseReads() {
			const held = heldReads ?? [];
			heldReads = undefined;
			held.forEach((reply) => reply());
		},
		notify(method, params) {
			send({ method, params });
		},
		notifications,
		serverRequests,
		stop() {
			worker?.terminate();
		},
	};
})();
