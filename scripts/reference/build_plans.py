#!/usr/bin/env python3
"""Builds data/reference/plans/plans.json from the four plan texts in ../shared/seeds.

Plan identity and targets follow the target table of shared/INDICATORS.md; every target names the
seed line it comes from. Tasks are extracted verbatim from each plan's "TỔ CHỨC THỰC HIỆN" section
(agency headings "N. <agency>", duties as the lines under them). Run from the repository root:
    python3 scripts/reference/build_plans.py ../shared/seeds
"""
import json
import re
import sys
from pathlib import Path

SEEDS = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")
OUT = Path("data/reference/plans/plans.json")

PLANS = [
    {
        "code": "HN-2030", "seed": "000_06392a2962ac3f19.txt",
        "issuer": "UBND thành phố Hà Nội", "issuerUnitCode": "01", "issuerUnitLevel": "Province", "issuerUnitValidOn": "2022-01-01",
        "number": None, "issuedOn": None,
        "title": "Kế hoạch nâng cao chất lượng bảo vệ, chăm sóc sức khỏe người có công với cách mạng, người cao tuổi, trẻ em, người khuyết tật và các đối tượng cần trợ giúp xã hội trên địa bàn thành phố Hà Nội đến năm 2030",
        "phases": [[2021, 2025], [2026, 2030]],
        # "các cơ sở nuôi trực thuộc Sở Lao động - Thương binh và Xã hội Hà Nội": public facilities of the three kinds.
        "facilityTypes": ["MeritoriousCareCentre", "SocialAssistance", "DrugRehabilitation"], "publicOnly": True, "includeCommunity": False,
        "reportDue": None,
        "targets": [
            ("FAC-READY", 2025, ">=", 70, None, 11), ("FAC-TECH", 2025, ">=", 10, 80, 12), ("BEN-EHM", 2025, "=", 100, None, 13),
            ("FAC-READY", 2030, "=", 100, None, 16), ("FAC-TECH", 2030, ">=", 30, 80, 17), ("BEN-EHM", 2030, "=", 100, None, 18),
        ],
    },
    {
        "code": "QN-254-2021", "seed": "004_cc57c568315fc20e.txt",
        "issuer": "UBND tỉnh Quảng Ninh", "issuerUnitCode": "22", "issuerUnitLevel": "Province", "issuerUnitValidOn": "2021-12-30",
        "number": "254/KH-UBND", "issuedOn": "2021-12-30",
        "title": "Kế hoạch thực hiện Chương trình nâng cao chất lượng bảo vệ, chăm sóc sức khỏe người có công với cách mạng, người cao tuổi, trẻ em, người khuyết tật và các đối tượng cần trợ giúp xã hội trên địa bàn tỉnh Quảng Ninh, giai đoạn 2021-2025, định hướng đến năm 2030",
        "phases": [[2021, 2025], [2026, 2030]],
        "facilityTypes": ["MeritoriousCareCentre", "SocialAssistance", "DrugRehabilitation"], "publicOnly": False, "includeCommunity": False,
        "reportDue": "11-25",
        "targets": [
            ("FAC-READY", 2025, ">=", 70, None, 49), ("FAC-TECH", 2025, ">=", 20, 80, 51), ("BEN-EHM", 2025, ">=", 80, None, 53),
            ("FAC-READY", 2030, "=", 100, None, 59), ("FAC-TECH", 2030, ">=", 30, 80, 61), ("BEN-EHM", 2030, "=", 100, None, 63),
        ],
    },
    {
        "code": "NT-2021-2030", "seed": "003_fb7805ee2841b990.txt",
        "issuer": "UBND tỉnh Ninh Thuận", "issuerUnitCode": "58", "issuerUnitLevel": "Province", "issuerUnitValidOn": "2022-06-01",
        "number": None, "issuedOn": None,
        "title": "Kế hoạch triển khai thực hiện Chương trình nâng cao chất lượng bảo vệ, chăm sóc sức khỏe người có công với cách mạng, người cao tuổi, trẻ em, người khuyết tật và các đối tượng cần trợ giúp xã hội giai đoạn 2021-2030 tỉnh Ninh Thuận",
        "phases": [[2021, 2025], [2026, 2030]],
        "facilityTypes": ["SocialAssistance", "DrugRehabilitation"], "publicOnly": False, "includeCommunity": False,
        "reportDue": None,
        "targets": [
            ("FAC-READY", 2025, ">=", 60, None, 82), ("FAC-TECH", 2025, ">=", 10, 70, 83), ("BEN-EHM", 2025, ">=", 30, None, 84),
            ("FAC-READY", 2030, ">=", 80, None, 87), ("BEN-EHM", 2030, ">=", 60, None, 89),
            # 2030 FAC-TECH also covers nursing centres for people with meritorious service.
            ("FAC-TECH", 2030, ">=", 30, 80, 88, ["MeritoriousCareCentre", "SocialAssistance", "DrugRehabilitation"]),
            # "bình quân 10 lượt người/năm": ten training participations a year on average.
            ("STAFF-TRAIN", 2025, ">=", 10, None, 106), ("STAFF-TRAIN", 2030, ">=", 10, None, 106),
        ],
    },
    {
        "code": "TG-2022-2030", "seed": "001_f6a809757549dd5b.txt",
        "issuer": "UBND huyện Tuần Giáo", "issuerUnitCode": "099", "issuerUnitLevel": "District", "issuerUnitValidOn": "2022-03-01",
        "number": None, "issuedOn": None,
        "title": "Kế hoạch triển khai thực hiện Chương trình nâng cao chất lượng bảo vệ, chăm sóc sức khỏe người có công với cách mạng, người cao tuổi, trẻ em, người khuyết tật và các đối tượng cần trợ giúp xã hội trên địa bàn huyện Tuần Giáo giai đoạn 2022-2030",
        "phases": [[2022, 2025], [2026, 2030]],
        "facilityTypes": [], "publicOnly": False, "includeCommunity": True,
        "reportDue": None,
        "targets": [
            ("BEN-ENTITLE", 2030, "=", 100, None, 41), ("NCC-CONV", 2030, "=", 100, None, 39),
            ("BEN-BHYT", 2030, "=", 100, None, 41), ("BEN-EHM", 2030, ">=", 90, None, 43),
        ],
    },
]

STOP = re.compile(r"^(Trên đây|Nơi nhận|Kế hoạch \d+/KH-UBND năm)")
ROMAN = re.compile(r"^[IVX]+\.\s")
AGENCY = re.compile(r"^(\d+)\.\s+(.+?)\s*$")


def tasks(lines):
    start = next(i for i, l in enumerate(lines)
                 if re.match(r"^[IVX]+\.\s+(TỔ CHỨC THỰC HIỆN|Phân công nhiệm vụ)", l.strip(), re.IGNORECASE))
    result, agency = [], None
    for line in lines[start + 1:]:
        text = line.strip()
        if not text:
            continue
        if STOP.match(text) or ROMAN.match(text):
            break
        m = AGENCY.match(text)
        if m and len(m.group(2)) < 300:
            agency = m.group(2).rstrip(": ")
            continue
        if agency:
            result.append({"agency": agency, "duty": text.lstrip("-–•+ ").strip()})
    return result


HEADING_PATTERNS = [re.compile(r"^([IVX]+)\.\s"), re.compile(r"^(\d+)\.\s"), re.compile(r"^([a-zđ])\)\s")]


def section_of(lines, line):
    """The plan's own numbering above a line, e.g. "mục I.2.a (Giai đoạn 2021 - 2025)"."""
    found = [None, None, None]
    titles = [None, None, None]
    for text in lines[: line - 1]:
        text = text.strip()
        for level, pattern in enumerate(HEADING_PATTERNS):
            m = pattern.match(text)
            if m and len(text) < 200:
                found[level] = m.group(1)
                titles[level] = text[m.end():].strip().rstrip(":")
                for deeper in range(level + 1, 3):
                    found[deeper] = titles[deeper] = None
                break
    parts = [x for x in found if x]
    if not parts:
        return None
    last_title = next(t for t in reversed(titles) if t)
    return f"mục {'.'.join(parts)} ({last_title})"


def quote(text):
    return "«" + text.lstrip("-–•+ ").strip() + "»"


plans = []
for p in PLANS:
    lines = (SEEDS / p["seed"]).read_text(encoding="utf-8").splitlines()
    targets = []
    for t in p["targets"]:
        code, year, comp, value, x, line = t[:6]
        target = {"indicator": code, "phaseEndYear": year, "comparator": comp, "value": value}
        if x is not None:
            target["thresholdX"] = x
        if len(t) > 6:
            target["facilityTypes"] = t[6]
        if line:
            section = section_of(lines, line)
            target["source"] = (f"{section}: " if section else "") + quote(lines[line - 1])
        else:
            target["source"] = "Chỉ tiêu chung của Chương trình (bảng chỉ tiêu, shared/INDICATORS.md)"
        targets.append(target)
    plan = {k: v for k, v in p.items() if k not in ("targets", "seed")}
    plan["source"] = f"shared/seeds/{p['seed']}"
    plan["targets"] = targets
    plan["tasks"] = tasks(lines)
    plans.append(plan)

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({"plans": plans}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
print(f"{OUT}: {len(plans)} plans, {sum(len(p['targets']) for p in plans)} targets, {sum(len(p['tasks']) for p in plans)} tasks")
