@echo off
rem Trang xhht cho Windows: nhấp đúp tệp này để mở trang trên trình duyệt (không cần gõ lệnh).
rem Kích hoạt môi trường .venv của thư mục dự án rồi chạy "xhht serve"; đóng cửa sổ hoặc nhấn Ctrl-C để dừng.
chcp 65001 >nul
cd /d "%~dp0"
if not exist ".venv\Scripts\activate.bat" (
  echo Chưa cài đặt xhht trong thư mục này. Xem mục "Hai lệnh đầu tiên" của README.md: chạy lệnh thứ nhất một lần.
  pause
  exit /b 1
)
call ".venv\Scripts\activate.bat"
xhht serve
pause
