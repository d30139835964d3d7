#!/bin/sh
# Print a workbook's form sheets to PNG pages, to look at how they print (A4 landscape, one commune per
# page). Usage: tools/forms_pdf.sh report.xlsx outdir   (needs LibreOffice: soffice, and poppler: pdftoppm)
set -eu
book=$1
out=$2
mkdir -p "$out"
# A private profile: never touch (or wait on) the profile of a LibreOffice someone else has open.
soffice -env:UserInstallation=file://"$out"/lo-profile --headless --convert-to pdf --outdir "$out" "$book" >/dev/null
pdf="$out/$(basename "${book%.*}").pdf"
pdftoppm -png -r 50 "$pdf" "$out/page"
echo "$(ls "$out"/page-*.png | wc -l) pages in $out"
