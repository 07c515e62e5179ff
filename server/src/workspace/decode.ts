// Turns a .py file's bytes into the text the engine analyses. Python sources are UTF-8 (PEP 3120)
// but editors on Windows still write UTF-16 with a BOM; a stray byte must never stop a scan, so
// invalid UTF-8 decodes with U+FFFD like VS Code shows it.

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
const utf16le = new TextDecoder('utf-16le', { fatal: false, ignoreBOM: false });
const utf16be = new TextDecoder('utf-16be', { fatal: false, ignoreBOM: false });

export function decodeSource(bytes: Uint8Array): string {
	// With ignoreBOM false each decoder drops its own BOM, so only the choice of decoder is made here.
	if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
		return utf16le.decode(bytes);
	}
	if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
		return utf16be.decode(bytes);
	}
	return utf8.decode(bytes);
}
