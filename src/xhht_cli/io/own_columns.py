"""The column sets of the CSV files xhht writes, declared once: the renderers write them, and the reader
recognises its own outputs by them (io/sameness.py), so a report left in an input folder is never read as data."""

# the report's rows (render/tabular.py); appended columns keep the existing ones in their places
REPORT = ("target", "clause", "year", "unit", "unit_name", "unit_kind", "kind", "indicator", "standard", "level",
          "maintain", "label", "required", "value", "gap", "met", "needed", "numerator", "denominator",
          "provisional",  # appended (issue 11): existing columns keep their places
          "settle")  # appended (issue 19): "indicator:unrecorded" when recording them could meet the target
# the messages list (render/messages.py)
MESSAGES = ("severity", "code", "file", "sheet", "row", "column", "message")
# the persons to reach (answer/to_reach.py)
PERSONS = ("Mã đơn vị", "Đơn vị", "Chuẩn", "Mức", "Tiêu chí", "Tệp", "Sheet", "Dòng", "Thôn/Ấp", "Số phiếu",
           "Họ và tên", "Năm sinh")
