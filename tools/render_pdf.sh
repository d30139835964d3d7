#!/usr/bin/env bash
# Render an xhht workbook (office report or trend) to PDF through LibreOffice, the way an office prints it, and
# print each page's median word height (pdftotext word boxes) with PASS/FAIL against 9 pt (issue 20: no printed
# page under 9 pt). Run by hand: CI has no LibreOffice.
#
#   tools/render_pdf.sh bao-cao.xlsx [OUT_DIR] [--png] [--no-twin]
#
# Needs: libreoffice-calc (soffice), poppler-utils (pdftotext, pdftoppm); fonts-liberation gives Liberation Sans,
# the metric twin of Arial, the workbooks' one font (render with and without it to see that pages stay the same).
# --png also writes one PNG per page (OUT_DIR/page-N.png) to look at. Exit 1 when a page is under 9 pt.
# --no-twin renders as an office without Arial or any metric twin would (only DejaVu Sans, wider): a private
# fontconfig file rejects Arial, Liberation Sans, Arimo, Nimbus Sans, Helvetica and Carlito for this run only,
# nothing is uninstalled. Pages must stay the same with and without it.
set -euo pipefail

if [[ $# -lt 1 ]]; then
    sed -n '2,13p' "$0" >&2
    exit 2
fi
png=
twin=yes
args=()
for a in "$@"; do
    case "$a" in
        --png) png=--png ;;
        --no-twin) twin=no ;;
        *) args+=("$a") ;;
    esac
done
book=${args[0]}
out=${args[1]:-$(mktemp -d)}
min_pt=${MIN_PT:-9}
for tool in soffice pdftotext; do
    command -v "$tool" >/dev/null || { echo "thiếu $tool: apt-get install -y libreoffice-calc poppler-utils" >&2; exit 2; }
done
mkdir -p "$out"
if [[ $twin == no ]]; then
    conf="$out/no-twin-fonts.conf"
    {
        echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        echo '<include ignore_missing="yes">/etc/fonts/fonts.conf</include><selectfont><rejectfont>'
        for family in Arial "Liberation Sans" "Liberation Sans Narrow" Arimo "Nimbus Sans" "Nimbus Sans L" \
                      "Nimbus Sans Narrow" Helvetica Carlito; do
            echo "<pattern><patelt name=\"family\"><string>$family</string></patelt></pattern>"
        done
        echo '</rejectfont></selectfont></fontconfig>'
    } >"$conf"
    export FONTCONFIG_FILE=$conf
fi
# the workbooks' one font: Arial, or its metric twin Liberation Sans (Arimo, Nimbus Sans too); anything else
# (DejaVu Sans) is wider and widens columns and charts — say which font this machine prints with
if command -v fc-match >/dev/null; then
    face=$(fc-match -f '%{family}' Arial)
    case "$face" in
        Arial*|Liberation\ Sans*|Arimo*|Nimbus\ Sans*) echo "Phông: Arial in bằng $face" ;;
        *) echo "Phông: máy này không có Arial hay Liberation Sans (in bằng $face): chữ rộng hơn; cài fonts-liberation" ;;
    esac
fi
# a private profile: a running LibreOffice (or another user's settings) never changes the result
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation=file://"$profile" --headless --convert-to pdf --outdir "$out" "$book" >/dev/null
pdf="$out/$(basename "${book%.*}").pdf"
echo "PDF: $pdf"
pdftotext -bbox "$pdf" "$out/boxes.html"
if [[ "$png" == "--png" ]]; then
    pdftoppm -r 60 -png "$pdf" "$out/page"
fi
python3 - "$out/boxes.html" "$min_pt" <<'PY'
import re
import statistics
import sys

html, least = open(sys.argv[1], encoding="utf-8").read(), float(sys.argv[2])
failed = 0
for n, page in enumerate(re.split(r"<page ", html)[1:], 1):
    heights = [float(y2) - float(y1) for y1, y2 in
               re.findall(r'<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)"', page)]
    if not heights:
        print(f"trang {n:3d}: không có chữ")
        continue
    median = statistics.median(heights)
    ok = median >= least
    failed += not ok
    print(f"trang {n:3d}: {len(heights):5d} chữ, chiều cao giữa {median:5.2f} pt  {'ĐẠT' if ok else 'CHƯA ĐẠT'}")
print(f"{failed} trang dưới {least:g} pt")
sys.exit(1 if failed else 0)
PY
