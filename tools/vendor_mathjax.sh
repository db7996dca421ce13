#!/usr/bin/env bash
# Re-create _assets/mathjax/: the MathJax 3 files the book's pages load, shipped with the
# book so that math renders without a CDN (offline, in CI, where CDNs are blocked).
#
# Usage: tools/vendor_mathjax.sh [version]     (needs npm; default version 3.2.2)
# Only maintainers run this, when updating MathJax; the result is committed.
set -euo pipefail

version="${1:-3.2.2}"
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/_assets/mathjax"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "mathjax@$version" >/dev/null && tar xzf mathjax-*.tgz)
es5="$work/package/es5"

rm -rf "$target"
mkdir -p "$target/output/chtml/fonts" "$target/input/tex"
# The combined component Sphinx loads (TeX and MathML input, CommonHTML output, menu).
cp "$es5/tex-mml-chtml.js" "$target/"
# The web fonts CommonHTML output asks for.
cp -r "$es5/output/chtml/fonts/woff-v2" "$target/output/chtml/fonts/"
# TeX extensions loaded on demand (\boldsymbol, \cancel, \color, ...: the autoload package).
cp -r "$es5/input/tex/extensions" "$target/input/tex/"
cp "$work/package/LICENSE" "$target/LICENSE"
cat > "$target/README.md" <<README
MathJax $version (Apache License 2.0, see LICENSE), from \`npm pack mathjax@$version\`, folder es5/.
Only the files the book's pages load are kept. Re-create with \`tools/vendor_mathjax.sh\`.
README
du -sh "$target"
