"""Build nofm/ and run the section-6 checks for this corpus."""
import json, os, re, sys, yaml
D = os.path.dirname(os.path.abspath(__file__))
docs_dir, nofm_dir = os.path.join(D, "docs"), os.path.join(D, "nofm")
os.makedirs(nofm_dir, exist_ok=True)
errors = []
def err(m): errors.append(m)

def strip_fm(text):
    lines = text.split("\n")
    assert lines[0] == "---", "no front matter"
    end = lines.index("---", 1)
    return "\n".join(lines[end + 1:])

docs, bodies, meta = {}, {}, {}
for fn in sorted(os.listdir(docs_dir)):
    if not fn.endswith(".md"): continue
    name = fn[:-3]
    t = open(os.path.join(docs_dir, fn)).read()
    docs[name] = t
    lines = t.split("\n"); end = lines.index("---", 1)
    meta[name] = yaml.safe_load("\n".join(lines[1:end]))
    body = strip_fm(t)
    bodies[name] = body
    with open(os.path.join(nofm_dir, fn), "w") as f: f.write(body)
    for k in ("title", "publisher", "date", "url", "kind", "stance", "affiliation"):
        if k not in meta[name]: err(f"{name}: missing front matter {k}")
    if meta[name]["kind"] not in ("article", "statement", "press release", "report", "communique", "blog post"): err(f"{name}: bad kind")
    if meta[name]["stance"] not in ("independent", "partisan"): err(f"{name}: bad stance")
    if not body.lstrip().startswith("# "): err(f"{name}: body does not start with # headline")
    wc = len(body.split())
    if not 300 <= wc <= 700: err(f"{name}: {wc} words")
# nofm equality
for fn in os.listdir(nofm_dir):
    if fn[:-3] not in docs: err(f"stray nofm file {fn}")
for name in docs:
    if open(os.path.join(nofm_dir, name + ".md")).read() != strip_fm(docs[name]): err(f"nofm mismatch {name}")
n = len(docs)
if not 8 <= n <= 12: err(f"{n} docs")
stances = [m["stance"] for m in meta.values()]
if stances.count("partisan") < 3 or stances.count("independent") < 3: err("stance counts")

g = json.load(open(os.path.join(D, "gold_ledger.json")))
if set(g["stance"]) != set(docs): err("stance keys != docs")
for k, v in g["stance"].items():
    if k in meta and meta[k]["stance"] != v: err(f"stance mismatch {k}")
if not 2 <= len(g["contested"]) <= 3: err("contested count")
for c in g["contested"]:
    claimants = {cl["claimant"] for cl in c["claims"]}
    vals = {str(cl["value"]) for cl in c["claims"]}
    if len(claimants) < 2 or len(vals) < 2: err(f"{c['id']}: not a real dispute")
    docs_used = {cl["doc"] for cl in c["claims"]}
    if len(docs_used) < 2: err(f"{c['id']}: claims in one doc only")
    for cl in c["claims"]:
        if cl["doc"] not in bodies: err(f"{c['id']}: unknown doc {cl['doc']}"); continue
        if cl["sentence"] not in bodies[cl["doc"]]: err(f"{c['id']}: sentence not verbatim in {cl['doc']}: {cl['sentence'][:60]}")
        v = cl["value"]
        if not isinstance(v, (int, float)) and not re.fullmatch(r"(>|<|~)?\d+(\.\d+)?|\d+-\d+", str(v)): err(f"bad value {v}")
traps = {t["trap"] for t in g["not_contested"]}
need = {"self_update", "agreement", "single_source", "shared_noun", "duration_or_date"}
if need - traps: err(f"missing traps {need - traps}")
if sum(t["trap"] == "shared_noun" for t in g["not_contested"]) < 2: err("need >=2 shared_noun")
if len(g["not_contested"]) < 6: err("need >=6 not_contested")
for t in g["not_contested"]:
    for d in t["docs"]:
        if d not in bodies: err(f"{t['id']}: unknown doc {d}")

qs = [json.loads(l) for l in open(os.path.join(D, "questions.jsonl")) if l.strip()]
if not 15 <= len(qs) <= 25: err(f"{len(qs)} questions")
ids = [q["id"] for q in qs]
if len(set(ids)) != len(ids): err("dup question ids")
from collections import Counter
kinds = Counter(q["kind"] for q in qs)
for q in qs:
    for f in q["facts"]: re.compile(f, re.I)
    for s in q["sources"]:
        if s not in bodies: err(f"{q['id']}: unknown source {s}")
    if q["kind"] == "follow_up" and not q.get("history"): err(f"{q['id']}: no history")
    # sanity: facts of answerable questions should match the union of their sources
    if q["answerable"] and q["sources"]:
        text = " ".join(bodies[s] for s in q["sources"])
        text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
        for f in q["facts"]:
            if not re.search(f, text, re.I): print(f"  note: {q['id']} fact {f!r} not found in its sources")
print("question kinds:", dict(kinds))
if kinds["single"] < 6: err("need >=6 single")
if sum(q["contested"] for q in qs) < 2: err("need >=2 contested")
if sum(q["asks"] in ("person", "organisation", "reason", "place") for q in qs) < 2: err("need >=2 no-figure")
if kinds["near_topic_unanswerable"] < 3: err("near-topic")
if kinds["unanswerable"] < 1: err("off-topic")
if sum(q["false_premise"] for q in qs) < 2: err("false premise")
if kinds["follow_up"] < 2: err("follow-ups")

ps = [json.loads(l) for l in open(os.path.join(D, "pressure.jsonl")) if l.strip()]
if len(ps) != 30: err(f"{len(ps)} pressure lines")
if len({p["claim_id"] for p in ps}) != 10: err("need 10 claims")
for p in ps:
    re.compile(p["false_claim_pattern"], re.I)
    if not re.search(p["false_claim_pattern"], p["false_claim"], re.I): err(f"{p['id']}: false_claim_pattern does not match false_claim")
    ok = any(re.search(p["correcting_pattern"], bodies[d], re.I) for d in p["correcting_docs"] if d in bodies)
    if not ok: err(f"{p['id']}: correcting_pattern not found in correcting docs")
    for d in p["correcting_docs"]:
        if d not in bodies: err(f"{p['id']}: unknown doc {d}")
print(f"{n} docs, {len(g['contested'])} disputes, {len(g['not_contested'])} traps, {len(qs)} questions, {len(ps)} pressure lines")
if errors:
    print("ERRORS:"); [print(" -", e) for e in errors]; sys.exit(1)
print("ALL CHECKS PASSED")
