#!/usr/bin/env python3
"""Issue #13: FHIR transaction-Bundle ingest and bulk export, timed against a running site (bench/fhir_ingest.sh).

ingest URL TOKEN BUNDLES CLIENTS SERIAL: POSTs BUNDLES transaction Bundles to /fhir, CLIENTS at a time; each Bundle is one
new Patient (a CCCD from SERIAL up), three vital signs and an ICD-10 diagnosis referring to it by urn:uuid (5 resources).
Prints bundles, resources, seconds, resources per second and the p50/p95 time of one Bundle.
export URL TOKEN PATH: kicks off PATH (e.g. /fhir/Group/unit-22/$export), polls the status address until the manifest
comes, downloads every file and counts its lines. Prints seconds to the manifest, resources per type, bytes."""
import json, sys, threading, time, uuid, urllib.request

def call(url, token, method="GET", body=None, headers=None):
    request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Authorization", "Bearer " + token)
    request.add_header("Accept", "application/fhir+json")
    if body is not None:
        request.add_header("Content-Type", "application/fhir+json")
    for k, v in (headers or {}).items():
        request.add_header(k, v)
    with urllib.request.urlopen(request, timeout=600) as response:
        return response.status, dict(response.headers), response.read()

def bundle(serial):
    patient = f"urn:uuid:{uuid.uuid4()}"
    today = time.strftime("%Y-%m-%d")
    def vital(code, value, unit):
        return {"resourceType": "Observation", "status": "final",
                "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
                "code": {"coding": [{"system": "http://loinc.org", "code": code}]}, "subject": {"reference": patient},
                "effectiveDateTime": today, "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}}
    entries = [{"fullUrl": patient, "request": {"method": "POST", "url": "Patient"}, "resource": {
        "resourceType": "Patient", "name": [{"text": f"Nguyễn Văn Nhận {serial}"}], "gender": "male", "birthDate": "1950-04-12",
        "identifier": [{"system": "http://fhir.ehealth.gov.vn/core/sid/national_id", "value": f"094050{serial:06d}"}]}}]
    for resource in (vital("8310-5", 36.8, "Cel"), vital("8867-4", 76, "/min"), vital("29463-7", 52.5, "kg"),
                     {"resourceType": "Condition", "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10", "code": "I10"}]},
                      "subject": {"reference": patient}, "onsetDateTime": "2024-01-15"}):
        entries.append({"fullUrl": f"urn:uuid:{uuid.uuid4()}", "request": {"method": "POST", "url": resource["resourceType"]}, "resource": resource})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}

def ingest(url, token, bundles, clients, serial):
    times, failures, lock, next_index = [], [], threading.Lock(), [0]
    def worker():
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= bundles:
                return
            body = bundle(serial + i)
            start = time.perf_counter()
            try:
                status, _, _ = call(url + "/fhir", token, "POST", body)
            except urllib.error.HTTPError as e:
                status = e.code
            with lock:
                times.append(time.perf_counter() - start)
                if status != 200:
                    failures.append(status)
    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads: t.start()
    for t in threads: t.join()
    seconds = time.perf_counter() - start
    times.sort()
    resources = bundles * 5
    print(f"ingest: {bundles} bundles ({resources} resources), {clients} clients: {seconds:.1f} s, {resources / seconds:.1f} resources/s, "
          f"bundle p50 {times[len(times) // 2] * 1000:.0f} ms p95 {times[int(len(times) * 0.95)] * 1000:.0f} ms, failures {len(failures)} {sorted(set(failures))}")

def export(url, token, path):
    start = time.perf_counter()
    status, headers, _ = call(url + path, token, headers={"Prefer": "respond-async"})
    assert status == 202, status
    location = headers["Content-Location"]
    while True:
        status, headers, body = call(location, token)
        if status == 200:
            break
        time.sleep(1)
    seconds = time.perf_counter() - start
    manifest = json.loads(body)
    total_bytes, counts = 0, {}
    for output in manifest["output"]:
        _, _, data = call(output["url"], token, headers={"Accept": "application/fhir+ndjson"})
        total_bytes += len(data)
        counts[output["type"]] = counts.get(output["type"], 0) + sum(1 for line in data.splitlines() if line.strip())
    print(f"export {path}: manifest after {seconds:.1f} s; " + ", ".join(f"{n} {t}" for t, n in counts.items())
          + f"; {total_bytes / 1e6:.1f} MB NDJSON")

if __name__ == "__main__":
    if sys.argv[1] == "ingest":
        ingest(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    else:
        export(sys.argv[2], sys.argv[3], sys.argv[4])
