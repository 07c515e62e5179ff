// A small unified diff (`diff -u` shape, 3 lines of context) for `scan --diff`. Common prefix and
// suffix lines are trimmed first, so the quadratic LCS only runs over the changed middle.

function splitLines(text: string): string[] {
	const lines = text.split(/(?<=\n)/);
	if (lines.length > 0 && lines[lines.length - 1] === '') {
		lines.pop();
	}
	return lines;
}

type Op = { kind: ' ' | '-' | '+'; line: string };

function diffLines(a: string[], b: string[]): Op[] {
	let pre = 0;
	while (pre < a.length && pre < b.length && a[pre] === b[pre]) {
		pre++;
	}
	let suf = 0;
	while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) {
		suf++;
	}
	const am = a.slice(pre, a.length - suf);
	const bm = b.slice(pre, b.length - suf);
	const n = am.length;
	const m = bm.length;
	const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			lcs[i][j] = am[i] === bm[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
		}
	}
	const ops: Op[] = a.slice(0, pre).map((line) => ({ kind: ' ', line }));
	let i = 0;
	let j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && am[i] === bm[j]) {
			ops.push({ kind: ' ', line: am[i] });
			i++;
			j++;
		} else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
			ops.push({ kind: '-', line: am[i++] });
		} else {
			ops.push({ kind: '+', line: bm[j++] });
		}
	}
	return ops.concat(a.slice(a.length - suf).map((line) => ({ kind: ' ', line })));
}

/** `--- a/file` / `+++ b/file` and its hunks; '' when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, fromName: string, toName: string, context = 3): string {
	if (oldText === newText) {
		return '';
	}
	const ops = diffLines(splitLines(oldText), splitLines(newText));
	const out: string[] = [`--- ${fromName}\n`, `+++ ${toName}\n`];
	const changed = ops.map((o, k) => (o.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
	let h = 0;
	while (h < changed.length) {
		let start = Math.max(0, changed[h] - context);
		let end = Math.min(ops.length, changed[h] + context + 1);
		h++;
		while (h < changed.length && changed[h] - context <= end) {
			end = Math.min(ops.length, changed[h] + context + 1);
			h++;
		}
		start = Math.max(0, start);
		let oldStart = 1;
		let newStart = 1;
		for (let k = 0; k < start; k++) {
			if (ops[k].kind !== '+') {
				oldStart++;
			}
			if (ops[k].kind !== '-') {
				newStart++;
			}
		}
		const body = ops.slice(start, end);
		const oldLen = body.filter((o) => o.kind !== '+').length;
		const newLen = body.filter((o) => o.kind !== '-').length;
		out.push(`@@ -${oldLen === 0 ? oldStart - 1 : oldStart},${oldLen} +${newLen === 0 ? newStart - 1 : newStart},${newLen} @@\n`);
		for (const o of body) {
			const line = o.line.endsWith('\n') ? o.line : `${o.line}\n\\ No newline at end of file\n`;
			out.push(o.kind + line);
		}
	}
	return out.join('');
}
