// How the report writes a link to a workspace file: a relative URL path, each segment
// percent-encoded, so a file named `command:x.py` or `a](command:y)[b.py` is a link to that file,
// never a URI scheme or Markdown. Not for display text (the caller escapes that).

/** A relative path as a URL path: every segment percent-encoded, including `:()!'*`. */
export function urlPath(posixPath: string): string {
	return posixPath.split('/').map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
}
