# Helpers for tests/install/*.sh (sourced).
set -euo pipefail
: "${AUTHLENS_BUILD_DIR:?}" "${AUTHLENS_SOURCE_DIR:?}" "${AUTHLENS_VERSION:?}"
DATA=$AUTHLENS_SOURCE_DIR/tests/data
# analyze-aligned.eml is signed at t=1795000000 by analyze-shop.test (s1 key in its zone), sent from
# 192.0.2.50, which the domain's SPF lists; DMARC p=reject. analyze-tampered.eml is the same
# message with its body changed after signing.
NOW=1795000100
ZONES=("$DATA/zones/analyze-shop.test.zone" "$DATA/zones/analyze-esp.test.zone")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/authlens-install.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_line OUTPUT_FILE EXACT_LINE
expect_line() {
  grep -qxF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "expected the line: $2"; }
}
