#!/usr/bin/env python3
"""A beneficiary sheet of N rows in the import template's shape, as .xlsx or CSV, for bench/import.sh.

Rows are synthetic: names from a short list, men and women born 1930-1969 with a CCCD that fits (province code 0PP,
sex/century digit, birth year, a serial), the elderly category and a monthly allowance. Dates in the .xlsx are Excel
date numbers, as Excel saves them; the .xlsx is written with the standard library only (inline strings)."""
import csv, datetime, sys, zipfile
from xml.sax.saxutils import escape

rows, fmt, out, province = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "022"
HEADER = ["Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Số CCCD", "Nhóm đối tượng", "Thuộc nhóm từ ngày",
          "Chế độ", "Chế độ từ ngày", "Số quyết định", "Người liên hệ", "Điện thoại liên hệ"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
MEN = ["Văn An", "Văn Bình", "Văn Cường", "Đức Dũng", "Văn Hùng", "Quang Long", "Văn Minh", "Hữu Nghĩa"]
WOMEN = ["Thị An", "Thị Bình", "Thị Cúc", "Thị Dung", "Thị Hoa", "Thị Lan", "Thị Mai", "Thị Nga"]

def person(i):
    female = i % 2 == 1
    born = datetime.date(1930 + i % 40, 1 + i % 12, 1 + i % 28)
    cccd = f"{province}{1 if female else 0}{born.year % 100:02d}{i:06d}"
    return [f"{FAMILY[i % 8]} {(WOMEN if female else MEN)[(i // 8) % 8]} {i}", "Nữ" if female else "Nam", born, "01", cccd, "Người cao tuổi",
            datetime.date(2010, 5, 1), "Trợ cấp hằng tháng", datetime.date(2020, 1, 1), f"{i % 900 + 1}/QĐ-UBND", "Người thân", "0912345678"]

if fmt == "csv":
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(rows):
            w.writerow([v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else v for v in person(i)])
    sys.exit(0)

def cells(values, r):
    out = []
    for c, v in enumerate(values):
        ref = f"{chr(65 + c)}{r}"
        if isinstance(v, datetime.date):
            out.append(f'<c r="{ref}"><v>{(v - datetime.date(1899, 12, 30)).days}</v></c>')
        else:
            out.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
    return f'<row r="{r}">' + "".join(out) + "</row>"

with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Nhập liệu" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
        sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        sheet.write(cells(HEADER, 1).encode())
        for i in range(rows):
            sheet.write(cells(person(i), i + 2).encode())
        sheet.write(b"</sheetData></worksheet>")
