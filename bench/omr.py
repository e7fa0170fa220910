"""读票: how the reader does on ballots marked like people, tuning seed and held-out seed.

The corpus (``bench/omr_corpus.py``): the kit's own A4 and A5 ballots rendered
by PDFium, marked by a simulated ballpoint (circles 40–110 % of the box in one
or two strokes or with a skip, ovals, × of many shapes, ticks, slashes, faint,
tiny, dots, corrections, marks across the edge, written-in names), then
scanned at 150/200/300 dpi (skew, blur, noise, dust, JPEG, uneven toner,
some upside down) or photographed with a phone (perspective, curl, shadow,
table, colour cast).  Half the sheets are clean (clear ○, ×, blank only).

Prints, for each seed: per mark kind and per dpi / photo, how many boxes were
decided right, sent to a person, and decided wrong (a vote read as another
without review — must be 0); the share of clean sheets sent to a person; ms per
page on one core; and the peak memory of reading each hostile upload in a
fresh process.  Targets (issue 17): 0 wrong; clean scans ≤ 2 %, clean photos
≤ 10 % to a person; ≤ 66 ms per scanned page, ≤ 250 ms per photo; < 1 GB.

    python bench/omr.py [--scans 240] [--photos 60] [--seed held-out|tuning|both] [--no-hostile]
                        [--first 200,50]   (also report the first 200 scans and 50 photos alone)
"""
from __future__ import annotations

import argparse
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402

from bench import omr_corpus as C  # noqa: E402
from votekit.scan import pages as scan_pages  # noqa: E402
from votekit.scan.reader import read_page  # noqa: E402

cv2.setNumThreads(1)


def _p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * len(values))) - 1)]


def read_all(seed: int, printed, scans: int, photos: int) -> list[dict]:
    """Read every page of one seed: what happened on each, in the corpus' order."""
    look = C.layouts_of(printed)
    out = []
    for source, count in (("scan", scans), ("phone", photos)):
        for n, page in enumerate(C.pages(seed if source == "scan" else seed + 1, printed, count, source)):
            if source == "phone":          # time the photo from its JPEG bytes, as uploaded
                data = cv2.imencode(".jpg", page.image, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()
                start = time.process_time()
                image = scan_pages.load(data, "photo.jpg")[0].image
            else:
                image, start = page.image, time.process_time()
            reading = read_page(image, look, C.KEY)
            ms = (time.process_time() - start) * 1000
            said = list(reading.reasons) + [r for b in reading.ballots for r in b.all_reasons()]
            out.append({"source": source, "n": n, "where": f"{page.dpi} dpi" if page.dpi else "photo",
                        "clean": page.clean, "ms": ms, "got": C.outcomes(page, reading, printed[page.paper]),
                        "said": {r.split("：")[-1] for r in said}, "load": os.getloadavg()[0]})
    return out


def summary(pages: list[dict]) -> dict:
    table = defaultdict(Counter)          # (kind, where) -> verdicts
    clean = defaultdict(Counter)          # source -> sheets, to_person
    why = defaultdict(Counter)            # source -> reasons a clean sheet went to a person
    times = defaultdict(list)
    wrong_examples = []
    for p in pages:
        times[p["source"]].append(p["ms"])
        for kind, did, verdict in p["got"]:
            table[(kind, p["where"])][verdict] += 1
            if verdict == "wrong":
                wrong_examples.append((p["where"], kind, did))
        if p["clean"]:
            clean[p["source"]]["sheets"] += 1
            if any(v == "person" for _, _, v in p["got"]):
                clean[p["source"]]["person"] += 1
                why[p["source"]].update(p["said"])
    load = [pages[0]["load"], pages[-1]["load"]] if pages else [0.0, 0.0]
    return {"table": table, "clean": clean, "times": times, "wrong": wrong_examples, "why": why, "load": load}


def report(name: str, result: dict) -> None:
    table, clean, times = result["table"], result["clean"], result["times"]
    wheres = sorted({w for _, w in table}, key=lambda w: (w == "photo", int(w.split()[0]) if w != "photo" else 0))
    kinds = list(C.CLEAN) + list(C.EDGE) + list(C.DOUBT) + ["write_in"]
    print(f"\n== {name} ==")
    print("mark kind (expect)        " + "".join(f"{w:>20}" for w in wheres))
    print("                          " + "".join(f"{'right/person/WRONG':>20}" for _ in wheres))
    for kind in kinds:
        cells = []
        for w in wheres:
            c = table.get((kind, w), Counter())
            cells.append(f"{c['right']:>8}/{c['person']:>4}/{c['wrong']:>4}  " if c else f"{'-':>20}")
        print(f"{kind:<16}{C.EXPECT[kind]:>9} " + "".join(f"{x:>20}" for x in cells))
    wrong = sum(c["wrong"] for c in table.values())
    missed = sum(table[(k, w)]["wrong"] for k in list(C.DOUBT) + ["write_in"] for w in wheres)
    print(f"read as another vote without review : {wrong}   (must be 0)")
    print(f"doubtful marks decided by machine   : {missed}   (must be 0)")
    for e in result["wrong"][:10]:
        print("   wrong:", e)
    for source, label, target in (("scan", "clean scanned sheets", 2), ("phone", "clean phone photos", 10)):
        c = clean[source]
        if c["sheets"]:
            print(f"{label} sent to a person : {c['person']}/{c['sheets']} "
                  f"({100 * c['person'] / c['sheets']:.1f} %)   target ≤ {target} %")
            for reason, n in result["why"][source].most_common(6):
                print(f"   {n:>3} sheets: {reason}")
    print("load average (1 min) at start / end of this seed: %.1f / %.1f   (CPU time of this process only)"
          % tuple(result["load"]))
    for source, label, target in (("scan", "scanned page", 66), ("phone", "photo (decode+read)", 250)):
        t = times[source]
        if t:
            print(f"ms per {label:<20}: median {statistics.median(t):6.1f}  p95 {_p95(t):6.1f}"
                  f"   target ≤ {target}")


def hostile_memory() -> None:
    """Peak memory (VmHWM: unlike ru_maxrss it does not carry the parent's peak across exec)
    of a fresh process reading each hostile upload as the server does (the files are made
    beforehand, so making them is not counted)."""
    from tests import hostile_uploads as h
    print("\n== hostile uploads: peak memory of a fresh process reading them (target < 1 GB) ==")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("bomb_png", "giant_pdf", "lying_header", "truncated_png", "many_pages",
                     "batch_with_broken"):
            batch = Path(tmp) / f"{kind}.pickle"
            batch.write_bytes(pickle.dumps(h.make(kind)))
            code = ("import pickle,time,sys;sys.path.insert(0,%r);from tests import hostile_uploads as h;"
                    "files=pickle.load(open(%r,'rb'));t=time.process_time();said=h.read_like_server(files);"
                    "hwm=[l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1];"
                    "print(round(int(hwm)/1024),"
                    "round(time.process_time()-t,1),said)") % (str(ROOT), str(batch))
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"})
            if out.returncode:
                print(f"{kind:<18}: FAILED {out.stderr.strip().splitlines()[-1:]}")
                continue
            mb, secs, said = out.stdout.strip().split(" ", 2)
            size = sum(len(d) for _, d in pickle.loads(batch.read_bytes()))
            print(f"{kind:<18}: {size / 1024:8.0f} KB uploaded  peak {mb:>5} MB  CPU {secs:>5} s  {said}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=240)
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--seed", choices=("held-out", "tuning", "both"), default="both")
    parser.add_argument("--no-hostile", action="store_true")
    parser.add_argument("--first", type=lambda t: tuple(int(x) for x in t.split(",")), default=None,
                        help="also report the first SCANS,PHOTOS pages on their own, e.g. 200,50")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        printed = {p: C.print_ballots(Path(tmp), p) for p in ("A4", "A5")}
    seeds = {"tuning": C.TUNING_SEED, "held-out": C.HELD_OUT_SEED}
    for name in (("tuning", "held-out") if args.seed == "both" else (args.seed,)):
        pages = read_all(seeds[name], printed, args.scans, args.photos)
        if args.first:                    # the first pages of the same corpus, reported on their own too
            scans, photos = args.first
            part = [p for p in pages if p["n"] < (scans if p["source"] == "scan" else photos)]
            report(f"{name} seed {seeds[name]}: the first {scans} scanned sheets, {photos} phone photos",
                   summary(part))
        report(f"{name} seed {seeds[name]}: {args.scans} scanned sheets, {args.photos} phone photos",
               summary(pages))
    if not args.no_hostile:
        hostile_memory()


if __name__ == "__main__":
    main()
