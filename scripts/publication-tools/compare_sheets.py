"""Compares the sheets LibreOffice exported from a report's tables.xlsx with the report's CSV
files, value for value (scripts/check-publication).

Usage: compare_sheets.py REPORT_FOLDER SHEETS_FOLDER
The sheets are in the order of the manifest's CSV outputs, after the first ("Read me") sheet.
LibreOffice writes each sheet as tables-<sheet name>.csv, comma-separated, raw values (not
as shown). A number compares as a number; text as text; an empty cell as an empty cell.
"""
import csv
import io
import json
import os
import sys


def read_csv(path):
    raw = open(path, "rb").read().decode("utf-8-sig")
    delimiter = ";" if raw.split("\n", 1)[0].count(";") else ","
    return list(csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter))


def same(published, shown):
    if published == "" or shown == "":
        return published == shown
    try:
        return float(published.replace(",", ".")) == float(shown)
    except ValueError:
        # Text a spreadsheet would run as a formula is published with a leading quote.
        if published[:1] == "'" and published[1:2] in ("=", "+", "-", "@", "\t", "\r"):
            published = published[1:]
        return published == shown


def main(report, sheets):
    manifest = json.load(open(os.path.join(report, "manifest.json"), encoding="utf-8"))
    csvs = [o["name"] for o in manifest["outputs"] if o["name"].endswith(".csv")]
    exported = sorted(f for f in os.listdir(sheets) if f.endswith(".csv"))
    problems, compared = [], 0
    # LibreOffice names the files after the sheets; the workbook's order is the manifest's.
    order = [line.split(" -> ")[0].removeprefix("Writing sheet ")
             for line in open(os.path.join(sheets, "convert.log"), encoding="utf-8")
             if line.startswith("Writing sheet ")]
    if len(order) != len(csvs) + 1:
        print("FAIL %s: %d sheets for %d CSV files (%s)" % (report, len(order), len(csvs), exported))
        return 1
    for name, sheet in zip(csvs, order[1:]):
        published = read_csv(os.path.join(report, name))
        shown = read_csv(os.path.join(sheets, "tables-%s.csv" % sheet))
        if len(published) != len(shown):
            problems.append("%s: %d rows, sheet %s has %d" % (name, len(published), sheet, len(shown)))
            continue
        for r, (row, sheet_row) in enumerate(zip(published[1:], shown[1:]), start=2):
            sheet_row = sheet_row + [""] * (len(row) - len(sheet_row))
            for c, value in enumerate(row):
                compared += 1
                if not same(value, sheet_row[c]):
                    problems.append("%s line %d column %d: %r, sheet %s shows %r" % (name, r, c + 1, value, sheet, sheet_row[c]))
    for p in problems[:20]:
        print("FAIL " + p)
    if not problems:
        print("ok %s: %d cells of %d files equal in tables.xlsx" % (report, compared, len(csvs)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
