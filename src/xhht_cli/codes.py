"""Every message code xhht can emit, declared once: severity, a Vietnamese title and a one-line explanation.

Codes are part of the JSON contract (`messages[].code`): users' scripts match on them, so a code is never
renamed or reused for another meaning. `Message` refuses a code that is not declared here, so a new finding
cannot reach users without its entry; README's table of codes is kept equal to this registry by a test.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Kind = Literal["error", "warning", "both"]


class Code(NamedTuple):
    """One declared code. `severity` is what it is normally emitted as ("both": either, by context)."""

    severity: Kind
    title: str
    explanation: str


def _c(severity: Kind, title: str, explanation: str) -> Code:
    return Code(severity, title, explanation)


# Grouped as a reader meets them: files, units and year, person values, consistency, tables, trend, options.
CODES: dict[str, Code] = {
    # Files
    "no-input": _c("error", "Không có tệp dữ liệu", "Thư mục được chỉ ra không có tệp bảng tính nào xhht đọc được."),
    "no-data": _c("error", "Không có dữ liệu", "Không tệp nào có bảng nhận biết được (phiếu điều tra, đơn vị…)."),
    "no-table": _c("error", "Không tìm thấy bảng",
                   "Tệp hoặc sheet không có dòng tiêu đề khớp với một loại dữ liệu xhht biết."),
    "file-not-found": _c("error", "Không tìm thấy tệp", "Đường dẫn không tồn tại."),
    "file-unreadable": _c("error", "Không đọc được tệp", "Tệp hỏng, bị khoá hoặc không phải định dạng như đuôi tệp."),
    "file-too-large-for-memory": _c("error", "Tệp quá lớn so với bộ nhớ",
                                    "Máy không đủ bộ nhớ để đọc tệp; đóng bớt chương trình khác hoặc tách tệp."),
    "column-type-unsupported": _c("error", "Cột có kiểu dữ liệu không đọc được",
                                  "Cột của tệp Parquet chứa danh sách hoặc cấu trúc lồng nhau thay vì một giá trị "
                                  "mỗi ô."),
    "workbook-other-commune": _c("error", "Tệp ghi xã khác",
                                 "Sheet THONG_TIN ghi một xã/phường khác với xã mà tên tệp hoặc cột 'Tệp' của sheet "
                                 "đơn vị chỉ ra."),
    "workbook-other-area": _c("error", "Tệp ghi huyện/tỉnh khác",
                              "Sheet THONG_TIN ghi huyện hoặc tỉnh khác với khu vực của xã trong sheet đơn vị."),
    "file-empty": _c("error", "Tệp rỗng", "Tệp có 0 byte."),
    "file-encrypted": _c("error", "Tệp có mật khẩu",
                         "Tệp .xlsx được đặt mật khẩu hoặc thực chất là tệp .xls cũ; lưu lại không mật khẩu."),
    "file-not-excel": _c("error", "Không phải bảng tính", "Tệp có đuôi Excel nhưng nội dung là văn bản."),
    "file-not-csv": _c("error", "Không phải CSV", "Tệp có đuôi .csv nhưng là bảng tính Excel."),
    "file-encoding": _c("error", "Sai bảng mã", "Không giải mã được tệp CSV; lưu lại dạng CSV UTF-8."),
    "file-too-large": _c("error", "Tệp vượt giới hạn", "Tệp giải nén ra quá lớn; tách tệp rồi chạy lại."),
    "unsupported-file": _c("error", "Loại tệp không hỗ trợ", "Chỉ đọc .xlsx, .xlsm, .xls, .ods, .csv và .parquet."),
    "csv-extra-cells": _c("error", "Dòng CSV thừa ô", "Một dòng có nhiều ô hơn số cột của bảng (thừa dấu phẩy)."),
    "sheet-skipped": _c("warning", "Bỏ qua sheet", "Sheet không có bảng nhận biết được."),
    "excel-error-value": _c("error", "Ô lỗi Excel", "Ô chứa giá trị lỗi như #N/A hoặc #REF!."),
    "formula-no-value": _c("error", "Công thức chưa tính", "Ô có công thức nhưng tệp không lưu giá trị đã tính."),
    "legacy-encoding": _c("both", "Chữ gõ bảng mã cũ",
                          "Chữ TCVN3/VNI được chuyển sang Unicode (cảnh báo), hoặc lẫn với Unicode (lỗi)."),
    "missing-column": _c("error", "Thiếu cột", "Bảng thiếu một cột bắt buộc."),
    "column-near-miss": _c("error", "Tên cột gần đúng",
                           "Một tiêu đề gần giống tên một cột xhht đọc (sai 1–2 chữ, thiếu dấu, thiếu một từ) trong khi "
                           "cột đó không có: dữ liệu của cột sẽ bị bỏ qua; sửa tên, gán bằng --columns hoặc khai báo "
                           "ignore."),
    "column-unknown": _c("warning", "Cột không nhận ra",
                         "Tiêu đề không phải cột nào xhht đọc cho loại bảng đó, cũng không phải cột của mẫu chính thức "
                         "được bỏ qua: cột bị bỏ qua."),
    "column-blank-header": _c("both", "Cột có dữ liệu nhưng không có tiêu đề",
                              "Cột không tiêu đề có dữ liệu không được đọc; là lỗi khi nằm đúng vị trí một cột cần "
                              "đọc của mẫu chính thức."),
    "column-values-misfit": _c("error", "Cột chứa dữ liệu khác tên cột",
                               "Từ một nửa số ô có giá trị của cột trở lên không đọc được theo tên cột (ví dụ chữ dưới "
                               "cột Năm sinh): tiêu đề đặt nhầm hoặc lệch cột."),
    "column-empty": _c("warning", "Cột trống",
                       "Cột được nhận ra nhưng để trống ở mọi dòng: chỉ số lấy từ đó là «không có số liệu»."),
    "totals-row-dropped": _c("warning", "Bỏ dòng tổng cộng", "Dòng tổng cộng trong bảng không được tính là người."),
    "sheet-too-large": _c("error", "Sheet trải quá rộng",
                          "Vùng dữ liệu của sheet vượt giới hạn ô, thường do một ô nhập nhầm ở rất xa bảng."),
    "identical-files": _c("error", "Hai tệp giống hệt nhau",
                          "Cùng dữ liệu được lưu hai lần (ví dụ \"dieu-tra (1).csv\") sẽ bị đếm hai lần."),
    "own-output-skipped": _c("warning", "Bỏ qua tệp do xhht tạo",
                             "Báo cáo, danh sách thông báo hoặc danh sách người do xhht ghi không được đọc như dữ liệu."),
    "file-name-year": _c("warning", "Tên tệp mang năm khác",
                         "Tên tệp có một năm khác năm điều tra: có thể là dữ liệu năm trước để nhầm thư mục."),
    "column-ambiguous": _c("error", "Hai cột cùng một trường",
                           "Hai cột khớp một trường như nhau (ví dụ hai cột Năm sinh): không biết đọc cột nào."),
    # Units and year
    "no-units-sheet": _c("warning", "Không có sheet đơn vị",
                         "Đơn vị lấy từ cột Xã/Phường của dữ liệu; mọi đơn vị coi là không ĐBKK."),
    "units-twice": _c("error", "Hai sheet đơn vị", "Có nhiều hơn một sheet đơn vị trong các tệp đầu vào."),
    "units-empty": _c("error", "Sheet đơn vị rỗng", "Sheet đơn vị không có dòng nào."),
    "units-missing-column": _c("error", "Sheet đơn vị thiếu cột", "Thiếu cột mã hoặc tên đơn vị."),
    "unit-duplicate": _c("error", "Mã đơn vị trùng", "Một mã đơn vị xuất hiện hai lần trong sheet đơn vị."),
    "unit-twice": _c("error", "Đơn vị hai lần trong một bảng",
                     "Một đơn vị có hai dòng trong cùng một bảng số liệu cấp xã."),
    "unit-unknown": _c("error", "Không rõ đơn vị", "Không xác định được xã/phường của dữ liệu."),
    "unit-blank": _c("error", "Thiếu xã/phường", "Dòng dữ liệu không ghi xã/phường."),
    "unit-bad-dbkk": _c("error", "Giá trị ĐBKK sai", "Cột ĐBKK cần có hoặc không."),
    "unit-bad-condition": _c("error", "Giá trị điều kiện sai", "Cột điều kiện cần có, không hoặc chưa rõ."),
    "unit-no-data": _c("warning", "Đơn vị không có người", "Đơn vị không có người nào trong dữ liệu điều tra."),
    "conditions-conflict": _c("error", "Điều kiện mâu thuẫn", "Hai nguồn ghi điều kiện bảo đảm khác nhau."),
    "conditions-unknown": _c("warning", "Chưa rõ điều kiện", "Không có số liệu điều kiện bảo đảm (TT 07/2016)."),
    "year-unknown": _c("error", "Không rõ năm điều tra", "Không có --year, năm ghi trong dữ liệu hay thư mục năm."),
    "year-conflict": _c("error", "Năm điều tra khác nhau", "Các tệp của một lần chạy ghi năm điều tra khác nhau."),
    "year-mismatch": _c("error", "Năm ghi trong tệp khác năm của lần chạy",
                        "Năm điều tra ghi trong dữ liệu (THONG_TIN, dòng tiêu đề) khác --year hoặc khác tên thư mục "
                        "năm chứa tệp: thường là dữ liệu năm trước để trong thư mục năm nay."),
    "year-out-of-range": _c("error", "Năm điều tra không hợp lệ",
                            "Năm ghi trong sheet THONG_TIN nằm ngoài 1990–2100; thông báo chỉ ra ô."),
    "unit-code-is-area": _c("error", "Mã đơn vị trùng tên khu vực",
                            "Báo cáo sẽ có hai dòng cùng một mã; dùng mã xã chính thức."),
    # Person values
    "bad-birth-year": _c("warning", "Năm sinh không đọc được", "Người đó không thuộc độ tuổi nào."),
    "bad-birth-date": _c("warning", "Ngày sinh không đọc được", "Người đó không thuộc độ tuổi nào."),
    "birth-year-future": _c("warning", "Năm sinh sau năm điều tra", "Người đó không thuộc độ tuổi nào."),
    "no-birth-year": _c("warning", "Người không có năm sinh", "Số người không có năm sinh đọc được."),
    "bad-sex": _c("warning", "Giới tính không đọc được", "Cần Nam hoặc Nữ."),
    "sex-unknown": _c("warning", "Không rõ giới tính", "Độ tuổi lao động của họ xét theo tuổi nghỉ hưu của nữ."),
    "bad-residence": _c("warning", "Tình trạng cư trú không đọc được", "Người đó được coi là đang cư trú."),
    "bad-current-study": _c("warning", "Đang học không đọc được", "Người đó coi như không đang học."),
    "bad-grade": _c("warning", "Lớp không đọc được", "Cần một lớp từ 0 đến 12."),
    "bad-diploma": _c("warning", "Bằng cấp không đọc được", "Cần MN, TH, THCS hoặc THPT."),
    "bad-bool": _c("warning", "Giá trị có/không không đọc được", "Cần có hoặc không."),
    "bad-literacy-class": _c("warning", "Lớp XMC không đọc được", "Cần một lớp XMC từ 1 đến 5."),
    "bad-literacy-phase": _c("warning", "Giai đoạn XMC không đọc được", "Cần giai đoạn 1 hoặc 2."),
    "bad-relapse": _c("warning", "Tái mù chữ không đọc được", "Cần mức 1 hoặc 2."),
    "bad-qualification": _c("warning", "Trình độ đào tạo không đọc được", "Cần sơ cấp, trung cấp, cao đẳng, đại học, thạc sĩ hoặc tiến sĩ."),
    # Consistency of one person's values (warnings; errors with --strict)
    "age-over-110": _c("warning", "Tuổi trên 110", "Kiểm tra năm sinh."),
    "grade-too-young": _c("warning", "Lớp quá cao so với tuổi", "Đang học hoặc đã học xong lớp quá cao so với tuổi."),
    "preschool-too-old": _c("warning", "Quá tuổi mầm non", "Trên 6 tuổi mà đang học mầm non."),
    "diploma-above-grade": _c("warning", "Bằng cao hơn lớp", "Bằng tốt nghiệp cao hơn lớp đã học xong."),
    "literacy-class-with-diploma": _c("warning", "Học XMC dù đã có bằng", "Có lớp XMC trong khi đã có bằng."),
    "duplicate-person": _c("warning", "Người trùng", "Cùng phiếu hộ, họ tên và ngày sinh xuất hiện hai lần."),
    "duplicate-person-files": _c("warning", "Một người có ở hai tệp",
                                 "Số người trùng số phiếu, họ tên và ngày sinh giữa hai tệp; lỗi khi dùng --strict."),
    "same-survey-twice": _c("error", "Cùng một cuộc điều tra hai lần",
                            "Hai tệp có chung ít nhất 20 người và ít nhất 5% số người của tệp nhỏ hơn: tệp năm trước, "
                            "bản sao lưu hoặc bản xuất lại để cùng thư mục."),
    "commune-surveyed-twice": _c("error", "Một xã được đếm hai lần",
                                 "Xã đã có sheet DATA (toàn bộ người của xã) nhưng một tệp khác cũng có người của xã "
                                 "đó: tệp năm trước hoặc bản sao để nhầm thư mục."),
    "empty-cohort": _c("warning", "Không có đối tượng", "Độ tuổi của một tiêu chí không có ai trong diện phổ cập."),
    "target-empty": _c("warning", "Mục tiêu không có đối tượng", "Mẫu số bằng 0: mục tiêu không được đánh giá."),
    # Commune-level tables
    "bad-count": _c("error", "Số đếm sai", "Giá trị không phải số nguyên không âm."),
    "counts-missing-part": _c("error", "Thiếu tử số hoặc mẫu số", "Bảng số liệu xã thiếu một cột của cặp chỉ số."),
    "counts-half-pair": _c("error", "Thiếu một nửa cặp số", "Có tử số hoặc mẫu số nhưng thiếu số kia."),
    "counts-num-over-den": _c("error", "Tử số lớn hơn mẫu số", "Tử số không được lớn hơn mẫu số."),
    "source-conflict": _c("error", "Hai nguồn cùng một chỉ số",
                          "Chỉ số của một đơn vị có cả từ phiếu điều tra và từ bảng số liệu."),
    "institution-bad-type": _c("error", "Loại cơ sở không nhận biết", "Loại cơ sở giáo dục không có trong danh mục."),
    "institution-bad-flag": _c("error", "Giá trị có/không sai", "Cột có/không của danh sách cơ sở không đọc được."),
    "recognition-incomplete": _c("error", "Dòng công nhận thiếu", "Dòng cần đủ khu vực, năm và có/không."),
    "recognition-bad-value": _c("error", "Giá trị công nhận sai", "Cần có hoặc không."),
    # Trend and the unit mapping
    "trend-year-conflict": _c("error", "Hai bộ số liệu cùng năm", "Hai đầu vào của xu hướng cùng một năm."),
    "trend-units-differ": _c("warning", "Đơn vị khác nhau giữa các năm", "Danh sách đơn vị thay đổi giữa các năm."),
    "trend-single-year": _c("warning", "Chỉ có một năm", "Cần ít nhất hai năm để tính tốc độ."),
    "trend-plan-differs": _c("warning", "Báo cáo theo kế hoạch khác", "Mục tiêu được tính lại theo kế hoạch hiện tại."),
    "report-unreadable": _c("error", "Không đọc được báo cáo", "Tệp báo cáo JSON không đọc được."),
    "report-invalid": _c("error", "Không phải báo cáo xhht", "Tệp JSON không phải báo cáo của xhht compute."),
    "report-count-invalid": _c("error", "Số liệu của báo cáo không hợp lệ",
                               "Báo cáo đã lưu có số liệu âm, không nguyên, lớn hơn 10^9, hoặc tử số lớn hơn mẫu số "
                               "(báo cáo đã bị sửa tay hoặc hỏng)."),
    "report-unit-invalid": _c("error", "Mã đơn vị của báo cáo không hợp lệ",
                              "Báo cáo đã lưu có hai xã/phường cùng mã, hoặc mã trùng tên một khu vực."),
    "regroup-partial": _c("warning", "Gộp một phần", "Đơn vị mới chỉ có số liệu của một phần các đơn vị cũ."),
    "mapping-not-found": _c("error", "Không tìm thấy tệp ánh xạ", "Tệp ánh xạ đơn vị không tồn tại."),
    "mapping-unsupported": _c("error", "Loại tệp ánh xạ không hỗ trợ", "Cần .yaml, .xlsx hoặc .csv."),
    "mapping-unreadable": _c("error", "Không đọc được tệp ánh xạ", "Tệp ánh xạ không đọc được."),
    "mapping-yaml": _c("error", "YAML ánh xạ không hợp lệ", "Tệp ánh xạ YAML sai cú pháp."),
    "mapping-invalid": _c("error", "Ánh xạ không hợp lệ", "Nội dung tệp ánh xạ sai cấu trúc."),
    "mapping-no-table": _c("error", "Không có bảng ánh xạ", "Cần cột 'Mã cũ' hoặc 'Tên cũ' và cột 'Mã mới'."),
    "mapping-empty": _c("error", "Ánh xạ rỗng", "Bảng ánh xạ không có dòng nào."),
    "mapping-blank": _c("error", "Dòng ánh xạ thiếu", "Dòng thiếu đơn vị cũ hoặc mã mới."),
    "mapping-duplicate": _c("error", "Ánh xạ hai lần", "Một đơn vị cũ được ánh xạ hai lần."),
    "mapping-conflict": _c("error", "Ánh xạ mâu thuẫn", "Một đơn vị mới có thuộc tính ghi khác nhau."),
    "mapping-bad-dbkk": _c("error", "Giá trị ĐBKK sai", "Cột ĐBKK của ánh xạ cần có hoặc không."),
    "mapping-area": _c("error", "Gộp nhiều khu vực", "Đơn vị mới gộp các đơn vị thuộc nhiều khu vực."),
    "mapping-dbkk": _c("warning", "Gộp ĐBKK và không ĐBKK", "Đơn vị mới coi là không ĐBKK."),
    "mapping-unmapped": _c("error", "Đơn vị chưa ánh xạ", "Có đơn vị không có trong tệp ánh xạ."),
    # Counts cache and saved reports as inputs
    "cache-unwritable": _c("warning", "Không ghi được bộ nhớ đệm",
                           "Thư mục bộ nhớ đệm không ghi được; lần chạy vẫn tiếp tục, lần sau đọc lại từ đầu."),
    "cache-unverified": _c("warning", "Mục bộ nhớ đệm không xác thực được",
                           "Mục trong bộ nhớ đệm đã bị sửa, hỏng, hoặc ghi với khóa bí mật khác (khóa bị mất): "
                           "tệp được đọc lại từ đầu."),
    "csv-field-too-large": _c("error", "Ô CSV quá dài", "Một ô của tệp CSV dài hơn 1 MB; kiểm tra dấu ngoặc kép."),
    "unit-in-two-inputs": _c("error", "Đơn vị có ở hai đầu vào",
                             "Khi cộng các báo cáo, một đơn vị có mặt ở hai báo cáo hoặc ở báo cáo và dữ liệu."),
    "report-options-differ": _c("error", "Báo cáo lập với tùy chọn khác",
                                "Các báo cáo được cộng phải cùng năm, cùng cách tính PPC và cùng tệp chuẩn."),
    "forms-need-persons": _c("warning", "Biểu cần dữ liệu từng người",
                             "Biểu thống kê và danh sách người cần vận động không lập được từ báo cáo đã lưu."),
    # Option files (--plan, --standards, --columns) and usage
    "plan-unreadable": _c("error", "Không đọc được tệp kế hoạch", "Tệp --plan không đọc được."),
    "plan-yaml": _c("error", "YAML kế hoạch không hợp lệ", "Tệp --plan sai cú pháp YAML."),
    "plan-invalid": _c("error", "Kế hoạch không hợp lệ", "Nội dung tệp --plan sai cấu trúc."),
    "standards-unreadable": _c("error", "Không đọc được tệp chuẩn", "Tệp --standards không đọc được."),
    "standards-yaml": _c("error", "YAML chuẩn không hợp lệ", "Tệp --standards sai cú pháp YAML."),
    "standards-invalid": _c("error", "Tệp chuẩn không hợp lệ", "Nội dung tệp --standards sai cấu trúc."),
    "columns-unreadable": _c("error", "Không đọc được tệp tên cột", "Tệp --columns không đọc được."),
    "columns-yaml": _c("error", "YAML tên cột không hợp lệ", "Tệp --columns sai cú pháp YAML."),
    "columns-invalid": _c("error", "Tệp tên cột không hợp lệ", "Nội dung tệp --columns sai cấu trúc."),
    "columns-conflict": _c("error", "Một cột gán cho hai trường",
                           "Tệp --columns gán một cột cho hai trường, hoặc cho trường khác đã có cột đó."),
    "columns-personal": _c("error", "Cột cá nhân gán cho trường được đếm",
                           "Cột họ tên, điện thoại, CCCD… chỉ được gán cho các trường riêng tư."),
    "columns-not-found": _c("both", "Không có cột được đặt tên",
                            "Cột tệp --columns nêu không có trong tệp nào (lỗi) hoặc thiếu ở một số tệp (cảnh báo)."),
    "yaml-limit": _c("error", "Tệp YAML vượt giới hạn",
                     "Tệp tùy chọn quá lớn, lồng quá sâu hoặc mở rộng bí danh quá nhiều; thông báo nói giới hạn nào."),
    "plan-duplicate-key": _c("error", "Khóa ghi hai lần trong tệp kế hoạch",
                             "Một khóa xuất hiện hai lần trong cùng một nhóm; YAML chỉ giữ lần cuối."),
    "plan-other-area": _c("warning", "Kế hoạch của địa bàn khác",
                          "Kế hoạch là của một huyện mà không đơn vị, khu vực nào của dữ liệu mang tên huyện đó."),
    "plan-label-figure": _c("warning", "Nội dung và yêu cầu không khớp",
                            "Nội dung mục tiêu ghi một tỷ lệ khác giá trị required."),
    "plan-year-unused": _c("warning", "Năm kế hoạch không có mục tiêu", "Năm có trong plan.years mà không mục tiêu nào dùng."),
    "output-not-written": _c("error", "Không ghi được tệp kết quả",
                             "Tệp đang mở, thư mục không ghi được hoặc ổ đĩa đầy (mã thoát 5)."),
    "template-not-folder": _c("error", "Cần một thư mục", "xhht template cần một thư mục để ghi các tệp mẫu."),
    "template-exists": _c("error", "Tệp mẫu đã có", "Không ghi đè tệp mẫu đã có (dùng --force)."),
    "usage": _c("error", "Sai cách dùng lệnh", "Tùy chọn hoặc đối số không hợp lệ (mã thoát 2)."),
}


def is_registered(code: str) -> bool:
    """True when `code` is declared in the registry."""
    return code in CODES


def markdown_table() -> str:
    """The registry as the Markdown table README carries (a test keeps the two equal)."""
    kinds = {"error": "lỗi", "warning": "cảnh báo", "both": "lỗi hoặc cảnh báo"}
    lines = ["| mã | loại | ý nghĩa | giải thích |", "|---|---|---|---|"]
    lines += [f"| `{code}` | {kinds[c.severity]} | {c.title} | {c.explanation} |" for code, c in CODES.items()]
    return "\n".join(lines) + "\n"
