"""Library and system exceptions in the officer's words: an OS error, a YAML parser's problem, a decoding
failure become a Vietnamese reason for the message; the original English text never reaches the message (it
stays on the exception chain, which `--debug` prints)."""

from __future__ import annotations

import errno

# errno → what happened, for the errors an officer meets when naming or opening a file
_OS = {
    errno.ENOENT: "không có tệp hay thư mục này (kiểm tra tên và đường dẫn)",
    errno.EACCES: "không có quyền đọc tệp (tệp đang mở trong chương trình khác, hoặc bị khóa)",
    errno.EPERM: "không có quyền đọc tệp",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.EIO: "lỗi đọc đĩa",
    errno.EBUSY: "tệp đang bận (đang được chương trình khác dùng)",
    errno.ELOOP: "đường dẫn vòng lặp (liên kết tắt trỏ về chính nó)",
}


def os_reason(exc: OSError) -> str:
    """An OS error as a Vietnamese reason: "không có tệp hay thư mục này (…)"."""
    if exc.errno in _OS:
        return _OS[exc.errno]
    return "hệ điều hành không cho đọc tệp" + (f" (mã lỗi {exc.errno})" if exc.errno else "")


DECODE_REASON = "tệp không phải văn bản UTF-8: mở tệp bằng Notepad rồi lưu lại với bảng mã UTF-8"

# PyYAML's problems (the English "problem" of its errors) → what to fix, most frequent first
_YAML = (
    ("found character '\\t'", "có ký tự Tab: YAML chỉ thụt lề bằng dấu cách"),
    ("mapping values are not allowed", "dấu “:” ở chỗ không được: thiếu dấu cách sau “:” hoặc thiếu dấu ngoặc "
                                       "kép quanh chữ có dấu “:”"),
    ("could not find expected ':'", "thiếu dấu “:” sau tên khóa"),
    ("did not find expected key", "thụt lề không khớp với các dòng trên"),
    ("did not find expected '-' indicator", "thụt lề của danh sách (dòng bắt đầu bằng “-”) không khớp"),
    ("found unexpected end of stream", "tệp kết thúc giữa chừng (thiếu dấu ngoặc kép đóng?)"),
    ("found undefined alias", "dùng bí danh (*tên) chưa khai báo"),
    ("found duplicate anchor", "khai báo neo (&tên) hai lần"),
    ("expected <block end>, but found", "thụt lề không khớp với các dòng trên"),
    ("while scanning a quoted scalar", "thiếu dấu ngoặc kép đóng"),
    ("found unknown escape character", "ký tự sau dấu “\\” trong ngoặc kép không hợp lệ: dùng ngoặc đơn"),
    ("found unexpected ':'", "dấu “:” ở chỗ không được"),
    ("expected ',' or ']'", "danh sách trong ngoặc vuông thiếu dấu phẩy hoặc dấu “]”"),
    ("expected ',' or '}'", "bảng trong ngoặc nhọn thiếu dấu phẩy hoặc dấu “}”"),
    ("special characters are not allowed", "tệp có ký tự điều khiển không in được"),
)


def yaml_reason(problem: str) -> str:
    """A PyYAML problem in Vietnamese; an unknown one reads as a generic fault (never the English text)."""
    low = problem.casefold()
    for key, text in _YAML:
        if key.casefold() in low:
            return text
    return "sai cú pháp (thường do thụt lề, thiếu dấu “:” hoặc thiếu dấu ngoặc kép)"
