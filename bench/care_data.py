#!/usr/bin/env python3
"""Sets up the care records bench/load.sh measures for issue #11, through the site's own API (as the forms would):
a facility with 200 residents in care, each with standing medicine orders and half of this morning's doses recorded,
and one resident with five years of records (monthly checks, screenings, orders, referrals, rehabilitation).
Usage: care_data.py URL TOKEN FACILITY_ID  -> prints "HEAVY_ID" on the last line."""
import datetime, json, random, sys, urllib.request

url, token, facility = sys.argv[1], sys.argv[2], int(sys.argv[3])
today = datetime.date.today()
rnd = random.Random(2026)


def call(method, path, body=None, expect=(200, 201, 204)):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            text = r.read().decode()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        raise SystemExit(f"{method} {path} -> {e.code}: {e.read().decode()[:400]}")


def iso(d):
    return d.isoformat()


serial = rnd.randint(100000, 800000)


def person(name, born):
    global serial
    serial += 1
    return call("POST", "/api/beneficiaries", {
        "fullName": name, "sex": rnd.choice(["Male", "Female"]), "birthDate": iso(born), "nationalId": None,
        "categories": [{"kind": "Elderly", "from": iso(born.replace(year=born.year + 60))}]})["id"]


ORDERS = [("Amlodipin", "5 mg", ["Morning"]), ("Metformin", "500 mg", ["Morning", "Night"]),
          ("Calci carbonat + vitamin D3", "500 mg + 200 IU", ["Noon"]), ("Vitamin B1", "100 mg", ["Morning"])]

census = call("GET", f"/api/facilities/{facility}/census")
residents = [r["beneficiaryId"] for r in census]
names = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
while len(residents) < 200:
    pid = person(f"{rnd.choice(names)} Thị Giường {len(residents) + 1}", datetime.date(1935 + rnd.randint(0, 25), rnd.randint(1, 12), rnd.randint(1, 28)))
    call("POST", f"/api/beneficiaries/{pid}/stays", {"facilityId": facility, "admittedOn": iso(today - datetime.timedelta(days=rnd.randint(30, 900))), "confirmOverCapacity": True})
    residents.append(pid)

morning = 0
for pid in residents:
    for drug, strength, times in ORDERS:
        order = call("POST", f"/api/beneficiaries/{pid}/medication-orders", {
            "drugName": drug, "strength": strength, "form": "Tablet", "dose": "1 viên", "route": "Oral", "times": times,
            "startDate": iso(today - datetime.timedelta(days=rnd.randint(1, 300))),
            "allergyOverrideReason": "Dữ liệu đo tải"})["id"]
        if "Morning" in times and rnd.random() < 0.5:
            call("POST", f"/api/medication-orders/{order}/administrations", {"date": iso(today), "shift": "Morning", "status": "Given"})
            morning += 1

# One resident with five years of records.
heavy = person("Phạm Văn Năm Năm Hồ Sơ", datetime.date(1940, 5, 9))
start = today - datetime.timedelta(days=5 * 365)
call("POST", f"/api/beneficiaries/{heavy}/stays", {"facilityId": facility, "admittedOn": iso(start), "confirmOverCapacity": True})
for m in range(60):
    d = start + datetime.timedelta(days=30 * m + 2)
    obs = [{"code": "8480-6", "value": rnd.randint(115, 165)}, {"code": "8462-4", "value": rnd.randint(65, 95)},
           {"code": "8867-4", "value": rnd.randint(60, 95)}, {"code": "8310-5", "value": round(36.3 + rnd.random(), 1)},
           {"code": "29463-7", "value": round(52 + rnd.random() * 4, 1)}, {"code": "2339-0", "value": round(5 + rnd.random() * 3, 1)}]
    body = {"kind": "PeriodicCheck", "date": iso(d), "observations": obs, "classification": "III", "conclusion": "Theo dõi huyết áp"}
    if m == 0:
        body["diagnoses"] = [{"icdCode": "I10"}, {"icdCode": "E11.9"}]
    call("POST", f"/api/beneficiaries/{heavy}/encounters", body)
for y in range(5):
    d = start + datetime.timedelta(days=365 * y + 40)
    call("POST", f"/api/beneficiaries/{heavy}/screenings", {"instrument": "GDS-15", "date": iso(d), "answers": [rnd.choice([0, 1]) for _ in range(15)]})
    call("POST", f"/api/beneficiaries/{heavy}/screenings", {"instrument": "BARTHEL", "date": iso(d), "answers": [10, 15, 5, 5, 0, 10, 5, 5, 10, 10]})
    r = call("POST", f"/api/beneficiaries/{heavy}/referrals", {"date": iso(d + datetime.timedelta(days=20)), "destination": "Bệnh viện Bãi Cháy", "diagnosisCode": "I10"})["id"]
    call("POST", f"/api/referrals/{r}/outcome", {"outcomeDate": iso(d + datetime.timedelta(days=25)), "outcome": "Ổn định, chuyển về"})
    call("POST", f"/api/beneficiaries/{heavy}/immunizations", {"vaccine": "Cúm mùa", "doseNumber": 1, "date": iso(d + datetime.timedelta(days=60))})
    old = call("POST", f"/api/beneficiaries/{heavy}/medication-orders", {"drugName": f"Thuốc đợt {y + 1}", "form": "Tablet", "dose": "1 viên",
                                                                           "route": "Oral", "times": ["Morning"], "startDate": iso(d)})["id"]
    if y < 4:
        call("POST", f"/api/medication-orders/{old}/stop", {"stoppedOn": iso(d + datetime.timedelta(days=30)), "reason": "Hết đợt"})
plan = call("POST", f"/api/beneficiaries/{heavy}/rehab-plans", {"startDate": iso(start + datetime.timedelta(days=10)), "goals": ["Tự đi lại trong phòng", "Tự ăn"]})["id"]
for s in range(50):
    call("POST", f"/api/rehab-plans/{plan}/sessions", {"date": iso(start + datetime.timedelta(days=12 + s * 30)), "minutes": 30, "activities": "Tập đi với khung"})
for drug, strength, times in ORDERS:
    call("POST", f"/api/beneficiaries/{heavy}/medication-orders", {"drugName": drug, "strength": strength, "form": "Tablet", "dose": "1 viên",
                                                                   "route": "Oral", "times": times, "startDate": iso(start)})
print(f"{len(residents)} residents in care at facility {facility}, {len(residents) * len(ORDERS)} orders, {morning} morning doses recorded", file=sys.stderr)
print(heavy)
