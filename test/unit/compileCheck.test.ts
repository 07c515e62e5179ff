import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Engine } from '../../server/src/engine';
import { fixUntilStable } from '../../server/src/fixes/apply';
import { rewriteGuard } from '../../server/src/fixes/compileCheck';
import type { Finding } from '../../server/src/analysis/model';

// The grammar-level compile check (server/src/fixes/compileCheck.ts) through the real parser:
// what tree-sitter-python accepts but CPython rejects, and the fix guard built on it.

let engine: Engine;

before(async () => {
	engine = await Engine.create();
});

const messages = (text: string) => engine.checkSource(text).problems.map((p) => `${p.line}: ${p.message}`);

describe('compile check', () => {
	it('flags a keyword repeated in one call, as CPython does', () => {
		const text = 'mcp.run(transport="sse", port=8001, port=8000)\n';
		assert.equal(engine.checkSource(text).syntaxError, false, 'tree-sitter alone accepts it');
		assert.deepEqual(messages(text), ['1: keyword argument repeated: port']);
	});

	it('flags a repeated keyword in a class header and inside nested calls', () => {
		assert.deepEqual(messages('class A(B, metaclass=M, metaclass=N):\n    pass\n'), ['1: keyword argument repeated: metaclass']);
		assert.deepEqual(messages('x = [\n    f(g(a=1, a=2))\n    for _ in y\n]\n'), ['2: keyword argument repeated: a']);
	});

	it('flags a positional argument after a keyword argument or after **kwargs', () => {
		assert.deepEqual(messages('f(a=1, b)\n'), ['1: positional argument follows keyword argument']);
		assert.deepEqual(messages('f(**kw, b)\n'), ['1: positional argument follows keyword argument unpacking']);
		assert.deepEqual(messages('f(**kw, *rest)\n'), ['1: iterable argument unpacking follows keyword argument unpacking']);
	});

	it('flags a parameter name repeated in a def or a lambda, whatever its form', () => {
		assert.deepEqual(messages('def f(port, port=1):\n    pass\n'), ["1: duplicate argument 'port' in function definition"]);
		assert.deepEqual(messages('def f(a: int, *, b, **a):\n    pass\n'), ["1: duplicate argument 'a' in function definition"]);
		assert.deepEqual(messages('def f(x, *x: int):\n    pass\n'), ["1: duplicate argument 'x' in function definition"]);
		assert.deepEqual(messages('g = lambda a, b=2, a=3: a\n'), ["1: duplicate argument 'a' in function definition"]);
	});

	it('accepts what CPython accepts', () => {
		const valid = [
			'f(1, *rest, a=1, *more, b=2, **kw, c=3)\n',
			'f(a=1)\nf(a=2)\n',
			'f(x for x in y)\n',
			'f(\n    a=1,  # a comment between arguments\n    b=2,\n)\n',
			'def f(a, /, b, *args, c: int = 1, d, **kwargs):\n    g(a=a, b=b)\n',
			'def outer(a):\n    def inner(a):\n        return a\n    return inner\n',
			'class A(B, C, metaclass=M):\n    pass\n',
			'h = lambda *a, **k: (a, k)\n',
		];
		for (const text of valid) {
			assert.deepEqual(messages(text), [], text);
		}
	});
});

describe('fix guard', () => {
	it('refuses a text with a new compile problem or a new syntax error, not one the original had', () => {
		const guard = rewriteGuard((t) => engine.checkSource(t), 'f(a=1)\n');
		assert.equal(guard('f(a=1, b=2)\n'), undefined);
		assert.equal(guard('f(a=1, a=2)\n'), 'the fixed text would not compile (line 1: keyword argument repeated: a)');
		assert.equal(guard('f(a=1\n'), 'the fixed text does not parse cleanly');
		const already = rewriteGuard((t) => engine.checkSource(t), 'f(a=1, a=2)\n');
		assert.equal(already('g(a=1, a=2)\n'), undefined, 'the same problem, not a new one');
		assert.match(already('g(a=1, a=2)\nh(a=1, a=2)\n') ?? '', /keyword argument repeated: a/, 'a second copy is new');
	});

	it('lets fixUntilStable keep the good rewrites of a round and leave out the one that would not compile', () => {
		// Two findings whose fixes each add `port=` to the same call: together they repeat the keyword.
		const text = 'run(transport="sse")\nA = 1\nB = 2\n';
		const at = text.indexOf(')');
		const finding = (code: string, newText: string, start: number): Finding => ({
			code, rule: code, severity: 'warning', span: { start, end: start + 1 },
			range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
			message: code, href: 'https://example.invalid/', tags: [],
			fixes: [{ title: `move ${newText}`, safety: 'review', edits: [{ span: { start: at, end: at }, newText }] }],
		});
		const findings = [finding('X1', ', port=8001', 0), finding('X2', ', port=8000', 1)];
		const analyze = (t: string) => (t === text ? findings : []);
		const unguarded = fixUntilStable(text, analyze, { includeReview: true });
		assert.match(unguarded.text, /port=8001, port=8000/, 'without the guard both edits land');
		const guarded = fixUntilStable(text, analyze, { includeReview: true, verify: rewriteGuard((t) => engine.checkSource(t), text) });
		assert.equal(guarded.text, 'run(transport="sse", port=8001)\nA = 1\nB = 2\n');
		assert.deepEqual(guarded.refused, [{ title: 'move , port=8000', reason: 'the fixed text would not compile (line 1: keyword argument repeated: port)' }]);
	});
});
