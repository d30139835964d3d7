#!/usr/bin/env bash
# Render the compute and trend workbooks of the samples to PDF with LibreOffice, then each page to a PNG,
# to look at what an officer prints (page breaks, charts, repeated headers, row heights).
# Not run in CI (needs LibreOffice: apt-get install libreoffice-calc poppler-utils).
#   tools/render_pdf.sh [OUT_DIR] [extra compute options, e.g. --plan qd-1373]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/xhht-pdf}"
shift || true
mkdir -p "$out"
xhht=".venv/bin/xhht"
[ -x "$xhht" ] || xhht="xhht"
"$xhht" compute samples/ben-cat/2024 -q -o "$out/bao-cao.xlsx" "$@"
"$xhht" trend samples/ben-cat -q -o "$out/xu-huong.xlsx" "$@"
for book in bao-cao xu-huong; do
  # A private LibreOffice profile: no clash with a desktop session, no first-run dialogs.
  soffice -env:UserInstallation="file://$out/.lo-profile" --headless --convert-to pdf --outdir "$out" \
    "$out/$book.xlsx" >/dev/null
  rm -f "$out/$book"-*.png
  pdftoppm -png -r 50 "$out/$book.pdf" "$out/$book"
  echo "$book: $(ls "$out/$book"-*.png | wc -l) pages → $out/$book-*.png"
done
