// What `url` is in the web worker bundle (scripts/build.mjs aliases it here): the two functions the
// engine uses, over the WHATWG URL every worker has. Only `file:` URLs go through them (the server
// maps other schemes itself), which a browser workspace rarely has. NOT node's url module.

export function fileURLToPath(url: string | URL): string {
	const parsed = typeof url === 'string' ? new URL(url) : url;
	if (parsed.protocol !== 'file:') {
		throw new TypeError('The URL must be of scheme file');
	}
	return decodeURIComponent(parsed.pathname);
}

export function pathToFileURL(path: string): URL {
	return new URL(`file://${path.split('/').map(encodeURIComponent).join('/')}`);
}

export default { fileURLToPath, pathToFileURL };
