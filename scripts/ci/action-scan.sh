#!/usr/bin/env bash
# The GitHub Action's scan step (action.yml): runs `mcp-auth-hints scan` on the workspace with the
# action's inputs (INPUT_* in the environment, never pasted into the script), writes the SARIF
# report, prints error and warning annotations when asked, records the outputs and exits with the
# scan's code (so the step fails on findings at or above fail-on; the upload step should use
# `if: always()`). NOT the build (action-install.sh).
set -euo pipefail
cli="$GITHUB_ACTION_PATH/dist/cli.js"
# The inputs are split on whitespace; no quoting or globbing is applied to them.
read -r -a args <<< "${INPUT_ARGS:-}"
sarif="${INPUT_SARIF_FILE:-mcp-auth-hints.sarif}"
fail_on=()
if [ -n "${INPUT_FAIL_ON:-}" ]; then
	fail_on=(--fail-on "$INPUT_FAIL_ON")
fi
case "${INPUT_ANNOTATIONS:-true}" in
	true | false) ;;
	*) echo "::error title=mcp-auth-hints::annotations must be \"true\" or \"false\", got \"${INPUT_ANNOTATIONS}\"" >&2; exit 2 ;;
esac
mkdir -p "$(dirname "$sarif")"
status=0
node "$cli" scan --output-format sarif "${fail_on[@]}" "${args[@]}" > "$sarif" || status=$?
if [ "$status" -ge 2 ]; then
	# A usage or configuration error: the message is on stderr already, the SARIF is not a report.
	rm -f "$sarif"
	exit "$status"
fi
if [ "${INPUT_ANNOTATIONS:-true}" = true ]; then
	node "$cli" scan --output-format github --fail-on never "${args[@]}"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
	echo "sarif-file=$sarif" >> "$GITHUB_OUTPUT"
	echo "exit-code=$status" >> "$GITHUB_OUTPUT"
fi
echo "mcp-auth-hints: SARIF written to $sarif (exit code $status)"
exit "$status"
