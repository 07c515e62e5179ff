import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { WorkerAnalyzer } from '../pool/workerAnalyzer';
import { startServer } from './server';

// Entry point of dist/server.js. The transport comes from the command line: VS Code starts it with
// --node-ipc, the tests and other editors with --stdio.

const connection = createConnection(ProposedFeatures.all);

// A bug must cost one analysis, not the server: log it where the user can see it (the output channel).
process.on('uncaughtException', (err) => connection.console.error(`Uncaught exception: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${String(reason)}`));

// Analyses run in a worker thread with a time budget and a heap limit: no file can freeze the server.
// The workspace scan has its own worker (started on its first file), so a slow file on disk never
// delays the diagnostics of the documents being edited.
const log = (line: string) => connection.console.warn(line);
startServer(connection, { analyzer: new WorkerAnalyzer({ log }), workspaceAnalyzer: new WorkerAnalyzer({ log }) });
connection.listen();
