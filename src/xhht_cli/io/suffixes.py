"""Which files xhht reads, by suffix: one list for the readers, the folder scan and the output guard.

Kept apart from the readers so that the output guard can use it without importing pandas."""

from __future__ import annotations

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt"}
PARQUET_SUFFIXES = {".parquet"}
TABLE_SUFFIXES = TEXT_SUFFIXES | PARQUET_SUFFIXES  # one sheet, named after the file
SUPPORTED = EXCEL_SUFFIXES | TABLE_SUFFIXES
