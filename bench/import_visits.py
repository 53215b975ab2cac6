#!/usr/bin/env python3
"""A visit sheet (CSV) of N rows in the encounter import template's shape, for bench/import.sh: one periodic check
for each person bench/import_file.py made with the same province code (the same CCCDs), dated the day given at the facility given, with
blood pressure, pulse, temperature (decimal comma), weight and height, and ICD-10 I10 on every fifth row."""
import csv, datetime, sys

rows, out, province, day, facility = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
HEADER = ["Số CCCD", "Ngày khám", "Mã cơ sở khám", "Loại lượt khám", "Huyết áp tâm thu (mmHg)", "Huyết áp tâm trương (mmHg)", "Mạch (lần/phút)",
          "Nhiệt độ (°C)", "Cân nặng (kg)", "Chiều cao (cm)", "Chẩn đoán (mã ICD-10)", "Phân loại sức khỏe"]

with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(HEADER)
    for i in range(rows):
        female = i % 2 == 1
        born = datetime.date(1930 + i % 40, 1 + i % 12, 1 + i % 28)
        cccd = f"{province}{1 if female else 0}{born.year % 100:02d}{i:06d}"
        w.writerow([cccd, day, facility, "Khám sức khỏe định kỳ", 110 + i % 40, 70 + i % 20, 60 + i % 30, f"36,{i % 10}",
                    f"{45 + i % 20},5", 150 + i % 20, "I10" if i % 5 == 0 else "", ["I", "II", "III"][i % 3]])
