"""Find figures in text: what number, with what hedge, counting what, and according to whom.

Pure Python + `re`; general English lexicons only. Design decisions:

* Vague quantities are intervals with qualifier "about": "dozens" [24, 119], "scores" [40, 199],
  "hundreds" [200, 999], "thousands" [2,000, 9,999], "tens of thousands" [20,000, 99,999],
  "several hundred" [300, 900], "a few thousand" [2,000, 5,000]. A hedge in front overrides
  ("at least hundreds" -> at_least [200, inf)).
* "about N" -> [0.95N, 1.05N] ("around 42,000" and a count of 38,212 disagree); "nearly/almost
  N" -> qualifier "about", [0.9N, N]. "N or more" and "N+" -> at_least; "N or so" -> about.
  fewer_than/more_than store the open bound as a number.
* Ratios ("doubled", "tripled", "halved") parse as unit "ratio" but `find_figures` never
  reports them: they state a change, not a level, and cannot contradict a count.
* Mass is normalised to grams by `extract_figures` (kg x1000, tonne/ton x1e6, mg x0.001) and
  counted as "grams", so "2 kg" and "2,000 grams" compare equal.
* Bare 4-digit numbers 1900-2099 are years unless a multi-word hedge ("more than") or a noun
  that counts people or events follows ("2000 people"); number words below ten count only
  when a counted noun (or "were killed"-like verb) follows them. A bare "m"/"b" suffix is read
  as million/billion only after a currency sign ("£3m"; "3m" alone may be metres).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.corpus.sentences import MONTHS_WRITTEN
from assistant.types import Quantity

Found = tuple[int, int, Quantity]  # a figure phrase's offsets in its sentence, and its value

INF = float("inf")
ABOUT = 0.05  # "about N" reads as N give or take this share


def _alt(words: Iterable[str]) -> str:
    """Regex alternation, longest first, spaces matching any whitespace."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


def _lexicon(spec: str) -> dict[str, str]:
    """'lemma: w1 w2; lemma2: w3' -> {w1: lemma, w2: lemma, w3: lemma2}."""
    out: dict[str, str] = {}
    for part in spec.split(";"):
        lemma, _, words = part.partition(":")
        out.update({w: lemma.strip() for w in words.split()})
    return out


def _list(spec: str) -> list[str]:
    return spec.split()


def _set(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


UNIT_WORDS = _list(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
TENS_WORDS = _list("twenty thirty forty fifty sixty seventy eighty ninety")
_BIG = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE = {"hundred": 100.0, "dozen": 12.0} | _BIG
_SUFFIX = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}
SCALE_WORDS = tuple(_SCALE)
NUMBER_WORDS = frozenset([*UNIT_WORDS, *TENS_WORDS, *SCALE_WORDS])  # every word spelling a number
_VAGUE = {"scores": (40.0, 199.0)}
for _w, _v in list(_SCALE.items())[:-1]:  # dozen to billion: "dozens", "several million"
    _VAGUE[_w + "s"] = (2 * _v, 10 * _v - 1)
    _VAGUE[f"several {_w}"] = (3 * _v, 9 * _v)
    _VAGUE[f"a few {_w}"] = (2 * _v, 5 * _v)
for _w, _v in (("thousands", 1e3), ("millions", 1e6)):
    _VAGUE[f"tens of {_w}"] = (20 * _v, 100 * _v - 1)
    _VAGUE[f"hundreds of {_w}"] = (200 * _v, 1000 * _v - 1)
_RATIOS = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5}

_QUALIFIERS = _lexicon(
    """at_least: at_least no_fewer_than no_less_than not_less_than a_minimum_of >= ≥;
    more_than: more_than over above in_excess_of upwards_of exceeding well_over just_over
    well_above >;
    about: about around roughly approximately approx. some an_estimated estimated circa ~;
    nearly: nearly almost close_to just_under;
    up_to: up_to as_many_as at_most a_maximum_of no_more_than not_more_than <= ≤;
    fewer_than: fewer_than less_than under below <;
    could_be_over: could_be_over could_be_more_than could_have_been_more_than
    could_have_been_over possibly_more_than possibly_over may_have_exceeded
    might_have_exceeded could_exceed may_exceed could_be_higher_than"""
)
_QUALIFIERS = {k.replace("_", " "): v for k, v in _QUALIFIERS.items()}
# the words of those phrases: "Nearly 2,000 families…" opens with no name
QUALIFIER_WORDS = frozenset(w for k in _QUALIFIERS for w in k.split() if w.isalpha())
_CURRENCY = _lexicon(
    "USD: us$ $ usd dollars dollar; EUR: € eur euros euro; GBP: £ gbp; JPY: ¥ jpy yen"
)
_CURRENCY |= {"pounds sterling": "GBP", "us dollars": "USD"}
# currencies named in words after the number ("48 million crowns"); names that are also
# common words in other senses ("pounds", "marks", "won") are left out
_CURRENCY |= _lexicon(
    """CUR: crown crowns krona kronor krone kroner koruna korunas rupee rupees rial rials riyal
    riyals dinar dinars dirham dirhams franc francs peso pesos rouble roubles ruble rubles yuan
    renminbi shekel shekels naira shilling shillings zloty zlotys forint forints baht ringgit
    rupiah lira lire hryvnia hryvnias tenge manat manats lari som somoni taka kwacha cedi cedis
    guilder guilders florin florins escudo escudos drachma drachmas"""
)
CURRENCY_WORDS = frozenset(w for w in _CURRENCY if w.isalpha())
_CURRENCY_WORDS = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))

# --- the figure-phrase regex -------------------------------------------------------------
_NW = rf"(?:(?:{_alt(TENS_WORDS)})(?:[-\s](?:{_alt(UNIT_WORDS[1:10])}))?|{_alt(UNIT_WORDS)})\b"
_SC_WORDS = "hundred|thousand|million|billion|trillion|dozen"
_SC = rf"(?:{_SC_WORDS})\b"
_WORDNUM = (
    rf"(?:(?:half\s+)?an?(?=\s+{_SC})|{_NW})"
    rf"(?:(?:\s+|-)(?:{_NW}|{_SC})|(?:(?<=hundred)|(?<=thousand)|(?<=million))\s+and\s+{_NW})*"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+|\d+(?:\.\d+)?"
_DSCALE = rf"(?:\s+{_SC}|(?:k|mn|bn|tn)\b)"
_MONEY = rf"(?:US\$|\$|€|£|¥|(?:USD|EUR|GBP|JPY)\s)\s?(?:{_DIGITS})(?:{_DSCALE}|[mb]\b)?"
_PLAIN = (
    rf"(?:(?:{_DIGITS}){_DSCALE}?|{_WORDNUM})(?:\s?%|\s+per\s?cent\b|\s+percent\b)?"
    rf"(?:\s+(?:US\s+)?(?:{_CURRENCY_WORDS}|pounds\s+sterling)\b)?"
)
_CORE = rf"(?:{_MONEY}|(?:{_alt(_VAGUE)})\b|{_PLAIN})"
_RANGE = (
    rf"between\s+{_CORE}\s+and\s+{_CORE}|{_CORE}\s*[-–—]\s*{_CORE}"
    rf"|(?<!from\s){_CORE}\s+to\s+{_CORE}"
)
_QUAL = rf"(?:(?:{_alt(k for k in _QUALIFIERS if k[0].isalpha())})\s+|(?:[>≥<≤]=?|~)\s*)"
_POST = r"(?:\+|-plus\b|\s+or\s+(?:more|so)\b)"
_START = r"(?<![\w/.#:+=&$€£¥'’-])"
_END = r"(?:(?=(?-i:kg|mg|g)\b)|(?![\w]|[/.:,'’-]\d|['’]s\b))"
_FIG_RE = re.compile(rf"{_START}{_QUAL}?(?:{_RANGE}|{_CORE}){_POST}?{_END}", re.I)
_ONE_FIGURE = re.compile(rf"{_START}{_QUAL}?{_CORE}{_POST}?{_END}", re.I)
_QUAL_RE = re.compile(rf"{_QUAL}", re.I)

# --- things that look like numbers but are not figures -----------------------------------
_MONTHS = rf"{MONTHS_WRITTEN}\b\.?"
_YEAR = r"(?:19|20)\d\d\b"
_MASKS = [
    re.compile(  # "16 and 17 November", "15-19 November", "21, 22 and 24 March": dates
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s*,\s*\d{{1,2}}(?:st|nd|rd|th)?){{0,8}},?\s*"
        rf"(?:and|to|&|[-–—])\s*\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}"
    ),
    re.compile(
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}(?:\s+{_YEAR})?|\b{_MONTHS},?\s+"
        rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR})?|{_YEAR})"
    ),
    re.compile(r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b"),
    re.compile(r"\b\d{1,2}(?:[:.]\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|GMT\b|UTC\b)", re.I),
    re.compile(  # URLs, e-mail addresses, phone numbers
        r"https?://\S+|www\.\S+|\S+@\S+\.\w+|\+\d[\d\s().-]{6,}\d"
        r"|\(\d{2,4}\)\s?\d{3,4}[\s.-]?\d{3,4}|\b\d{3}[.-]\d{3}[.-]\d{4}\b"
    ),
    re.compile(
        r"(?:(?i:\b(?:articles?|art|sections?|sec|paragraphs?|para|chapters?|clauses?|"
        r"resolutions?|decrees?|directives?|regulations?|annex(?:es)?|appendix|items?|pages?|"
        r"pp?|fig|tables?|volumes?|vol|docket|exhibit|amendments?|protocols?|rules?|flight|"
        r"route|room|gate|platform|nos?)\b\.?)|\bNo\b\.?|§|#)"
        r"\s*\d[\w./:-]*(?:\s*[-–,]\s*\d[\w./-]*)*"
    ),
]
_YEARLIKE = re.compile(rf"(?:between\s+)?{_YEAR}(?:\s*(?:[-–—]|to|and)\s*(?:{_YEAR}|\d\d\b))?")
_ORDINAL_AFTER = re.compile(
    r"[-‑\s](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
    r"twelfth|\w+teenth|\w+ieth|thirds?|quarters?|halves|half|fifths?)\b",
    re.I,
)

_OF_RE = re.compile(r"\b(?:number|total|count|toll|tally|figure)\s+of\s+(?:the\s+)?([a-z]+)")

# --- what is counted ----------------------------------------------------------------------
_MEASURE = _lexicon(
    """killed: killed kill kills killing killings dead deaths death died die dying fatalities
    fatality lives slain murdered bodies toll;
    injured: injured injuries injury wounded hurt; casualties: casualties casualty;
    arrested: arrested arrest arrests detained detention detentions detainees detainee jailed
    imprisoned prisoners; executed: executed executions execution hanged;
    missing: missing disappeared disappearances; displaced: displaced evacuated evacuees refugees
    homeless; cities: cities city towns town; provinces: provinces province;
    years: years year; months: months month;
    grams: grams gram g kilograms kilogram kg kilos kilo tonnes tonne tons ton mg milligrams"""
)
_EVENTS = _set("killed injured casualties arrested executed missing displaced")
_PEOPLE = _set(
    """people persons person individuals individual others residents resident inhabitants
    civilians civilian citizens"""
)
_HUMAN_SPEC = """civilians protesters demonstrators residents workers soldiers troops officers
    police students children women men families households homes houses victims"""
_HUMAN = _PEOPLE | _set(_HUMAN_SPEC) | {w for w in _MEASURE if w.endswith("s")}
_HUMAN -= _set("killings kills years months lives")  # "the 2019 killings" is a year
_IRREGULAR = {"people": "people", "men": "man", "women": "woman", "children": "child"}
_STOP = _set(
    """of or and but the a an another other others who whom which that this these those is was
    were are be been being has have had can could would will may might must should shall did do
    does in on at to by for from with as than if so more less such each all them it its their
    there here while when where after before since during per also not nearly about across among
    including amid against into over under through throughout near outside inside within without
    around between according out up down ago"""
)
_PRONOUN_ONE = _set("no any every each the which this that such someone")
_BE = _set("is was were are been be have has had")
_PRISON = re.compile(r"\b(?:prison|jail|imprison\w*|sentenc\w*|incarcerat\w*|behind bars)", re.I)


def _core_unit(s: str) -> tuple[str, str] | None:
    """Strip a currency or percent marker: (rest, unit), or None when markers conflict."""
    unit = ""
    m = re.match(r"(us\$|\$|€|£|¥|usd|eur|gbp|jpy)\s*", s)
    if m:
        unit, s = "money:" + _CURRENCY[m.group(1)], s[m.end() :]
    m = re.search(rf"\s*(%|per\s?cent|percent|(?:us )?(?:{_CURRENCY_WORDS})|pounds sterling)$", s)
    if m:
        word = m.group(1)
        new = "percent" if re.fullmatch(r"%|per\s?cent|percent", word) else None
        new = new or "money:" + _CURRENCY[word]
        if unit and unit != new:
            return None
        unit, s = new, s[: m.start()]
    return s.strip(), unit


def spelled_value(words: str) -> float | None:
    """The number some words spell ("two hundred and five", "a dozen"), or None."""
    parsed = _parse_words(words.lower())
    return parsed[0] if parsed else None


def _parse_words(s: str) -> tuple[float, float] | None:
    """'two hundred and five' -> (205, 100); 'a dozen' -> (12, 12); (value, largest scale).

    The value is text2num's; it reads neither an article for "one" ("a hundred") nor
    "dozen", so those two are handled here."""
    from text_to_num import text2num

    toks = [t for t in re.split(r"[\s-]+", s) if t]
    half = toks[:1] == ["half"]  # "half a billion dollars"
    toks = toks[half:]
    if toks[:1] in (["a"], ["an"]) and toks[1:2] and toks[1] in _SCALE:
        toks[0] = "one"
    if not toks or toks[0] in _SCALE:  # "hundred" alone is no figure ("hundreds" is vague)
        return None
    dozen = toks[-1] == "dozen"
    words = toks[:-1] if dozen else toks
    if "dozen" in words or not words:
        return None
    try:
        value = float(text2num(" ".join(words), "en"))
    except ValueError:
        return None
    scales = [_SCALE[t] for t in toks if t in _SCALE]
    return (value * 12 if dozen else value) / (2 if half else 1), max(scales, default=1.0)


def _parse_core(s: str) -> tuple[float, float, str, float, bool] | None:
    """One figure without hedge: (low, high, unit, scale multiplier, vague)."""
    stripped = _core_unit(s)
    if stripped is None or not stripped[0]:
        return None
    s, unit = stripped
    if s in _VAGUE:
        return (*_VAGUE[s], unit, 1.0, True)
    m = re.fullmatch(rf"({_DIGITS})\s*({_SC_WORDS}|[kmb]|mn|bn|tn)?", s)
    if m:
        mult = _SCALE.get(m.group(2) or "", _SUFFIX.get(m.group(2) or "", 1.0))
        value = float(re.sub(r"[,\s]", "", m.group(1))) * mult
        return value, value, unit, mult, False
    words = _parse_words(s)
    return None if words is None else (words[0], words[0], unit, words[1], False)


def _parse_range(s: str) -> tuple[float, float, str, str] | None:
    """(low, high, unit, shape) with shape 'exact', 'vague' or 'range'."""
    core = _parse_core(s)
    if core:
        return core[0], core[1], core[2], "vague" if core[4] else "exact"
    between = s.startswith("between ")
    body = s[8:] if between else s
    sep = r"\sand\s" if between else r"\s*[-–—]\s*|\sto\s"
    for m in re.finditer(sep, body):
        a, b = _parse_core(body[: m.start()]), _parse_core(body[m.end() :])
        if a is None or b is None or (a[2] and b[2] and a[2] != b[2]):
            continue
        low = a[0]
        if a[3] == 1.0 and b[3] > 1.0 and not a[4] and a[0] * b[3] <= b[0]:
            low = a[0] * b[3]  # "2 to 3 million": the scale of the right end applies to both
        if low < b[1]:
            return low, b[1], a[2] or b[2], "range"
    return None


def _split_qualifier(s: str) -> tuple[str, str]:
    """('at least', '500') -> the qualifier kind and the rest of the phrase."""
    kind = "exact"
    m = _QUAL_RE.match(s)
    if m:
        kind, s = _QUALIFIERS.get(" ".join(m.group().split()), "exact"), s[m.end() :]
    m = re.search(_POST + "$", s)
    if m:
        if kind == "exact":
            kind = "about" if m.group().endswith("so") else "at_least"
        s = s[: m.start()]
    return kind, s


def _apply(kind: str, lo: float, hi: float, shape: str) -> tuple[float, float, str]:
    """The interval a hedge gives to a value (see the module docstring)."""
    if kind == "exact":
        return lo, hi, {"range": "range", "vague": "about"}.get(shape, "exact")
    if kind in ("at_least", "more_than", "could_be_over"):
        return lo, INF, kind
    if kind in ("up_to", "fewer_than"):
        return 0.0, hi, kind
    if shape == "vague":
        return lo, hi, "about"
    if kind == "nearly":
        return round(0.9 * lo, 9), hi, "about"
    return round((1 - ABOUT) * lo, 9), round((1 + ABOUT) * hi, 9), "about"


def parse_quantity(phrase: str) -> Quantity | None:
    """The numeric interval of a figure phrase ("at least 1,500" -> [1500, inf)), or None."""
    s = " ".join(phrase.split()).lower().rstrip(",;:")
    if s in _RATIOS:
        return Quantity(_RATIOS[s], _RATIOS[s], "exact", "ratio")
    kind, s = _split_qualifier(s)
    parsed = _parse_range(s.strip()) if s.strip() else None
    if parsed is None:
        return None
    low, high, qualifier = _apply(kind, *parsed[:2], parsed[3])
    return Quantity(low, high, qualifier, parsed[2])


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z]+(?:['’][A-Za-z]+)?", text)]


# "four of its soldiers", "three of them": a small number counting part of a named whole
_PARTITIVE = re.compile(r"\s+of\s+(?:its|their|his|her|our|the|those|these|them)\b", re.I)


def _counts_something(after: str) -> bool:
    """Does a counted noun (or 'were killed'-like verb) follow a small number word?"""
    w = _words(re.split(r"[,;:.!?()\"“”]", after, maxsplit=1)[0])[:3]
    if not w:
        return False
    if w[0] in _BE:
        return any(x in _MEASURE for x in w[1:])
    return w[0] not in _STOP


def _rejected(sentence: str, start: int, end: int, q: Quantity) -> bool:
    """Context rules for candidates that parse but are years, list markers, pronouns..."""
    raw, before, after = sentence[start:end], sentence[:start], sentence[end:]
    m = _QUAL_RE.match(raw)
    qual = " ".join(m.group().split()) if m else ""
    core = raw[m.end() :] if m else raw
    nxt = (_words(after[:40]) or [""])[0]
    if _YEARLIKE.fullmatch(core) and not q.unit and " " not in qual and nxt not in _HUMAN:
        return True
    if q.unit == "ratio" or (core[-1].isalpha() and _ORDINAL_AFTER.match(after)):
        return True
    if core.istitle() and core.isalpha() and _NAME_BEFORE.search(before):
        return True  # "the Kessary Millions draws": a number word inside a name
    if core.isalpha() and q.high < 10 and " " not in core.strip():
        prev = (_words(before[-20:]) or [""])[-1]
        if core.lower() == "one" and prev in _PRONOUN_ONE:
            return True
        counts = _counts_something(after) or (core.lower() != "one" and _PARTITIVE.match(after))
        if not (counts or _PUT_AT.search(before) or _CONTRASTED.search(before)):
            return True
    if core.isdigit() and not qual:
        if not before.strip() and re.match(r"[.)](?:\s|$)|-[A-Z]", after):
            return True  # list marker
        if before.endswith("(") and after.startswith(")") and q.low < 100:
            return True
        if re.match(r"[ \u00a0]\d", after) or re.search(r"\d[ \u00a0]$", before):
            return True  # digit groups separated by spaces: phone or code
    return False


# a small number spelled out is a figure when a count is put at it: "puts the number at six"
_PUT_AT = re.compile(r"\b(?:number|total|toll|tally|figure|count|estimate|it)\s+at\s+$", re.I)
# ... or set against the figure before it: "nine were killed, not three as X has stated"
CONTRAST = r",\s*(?:and\s+)?(?:not|rather\s+than|instead\s+of)\s+"
_CONTRASTED = re.compile(rf"\w[^.;]*{CONTRAST}$", re.I)

_NAME_BEFORE = re.compile(r"\b[A-Z][a-z][\w'’-]*\s$")  # a capitalised word just before

WINDOW = 2000  # characters read at once: a "sentence" longer than this is not prose


def find_figures(sentence: str) -> list[Found]:
    """Figure phrases (with their hedges) in one sentence: (start, end, quantity). A run-on
    text longer than `WINDOW` (a table, a list, a hostile upload) is read in windows cut at
    spaces, so the reading stays linear in its length."""
    if len(sentence) <= WINDOW:
        return _find_in(sentence)
    found: list[Found] = []
    at = 0
    while at < len(sentence):
        cut = sentence.rfind(" ", at + 1, at + WINDOW) if at + WINDOW < len(sentence) else -1
        end = cut if cut > at else min(len(sentence), at + WINDOW)
        found += [(a + at, b + at, q) for a, b, q in _find_in(sentence[at:end])]
        at = end
    return found


def _find_in(sentence: str) -> list[Found]:
    matches = list(_FIG_RE.finditer(sentence))
    if not matches:
        return []
    masks = [m.span() for rx in _MASKS for m in rx.finditer(sentence)]
    return [
        (start, end, q)
        for start, end, q in (part for m in matches for part in _read(m))
        if q is not None and not any(a < end and start < b for a, b in masks)
        if not _rejected(sentence, start, end, q)
    ]


def _read(m: re.Match[str]) -> list[tuple[int, int, Quantity | None]]:
    """A phrase's interval; a "range" that is none ("paid $9.2 million to 6,200 growers")
    is two figures."""
    q = parse_quantity(m.group())
    if q is not None:
        return [(*m.span(), q)]
    parts = _ONE_FIGURE.finditer(m.group())
    return [(m.start() + p.start(), m.start() + p.end(), parse_quantity(p.group())) for p in parts]


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if re.search(r"(?:ss|x|ch|sh)es$", word):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _event_near(sentence: str, start: int, end: int) -> str:
    """An event lemma (killed, arrested...): same clause after, then before, then later."""
    after = sentence[end:]
    clause = re.split(r"[,;:!?()\"“”]|\.(?!\d)", after, maxsplit=1)[0]
    rest = after[len(clause) :]
    for words in (_words(clause), _words(sentence[:start])[::-1], _words(rest)):
        for w in words:
            if _MEASURE.get(w) in _EVENTS:
                return _MEASURE[w]
    return ""


def counted_measure(sentence: str, start: int, end: int) -> str:
    """What the figure at sentence[start:end] counts, normalised ("killed", "official"...).

    Tie-break: a lexicon word among the three words after the figure wins; else the head noun
    (the first plural among the next words, or the first word); generic heads ("people",
    "residents", "civilians"...) and no head defer to an event word of the sentence (same clause
    after, then before, then the rest); other heads are singularised ("officials" -> "official").
    """
    q = parse_quantity(sentence[start:end])
    if q is not None and q.unit:
        return q.unit.split(":")[0]
    if (_words(sentence[max(0, start - 12) : start]) or [""])[-1] in ("aged", "age", "ages"):
        return "age"
    clause = re.split(r"[,;:!?()\"“”]|\.(?!\d)", sentence[end:], maxsplit=1)[0]
    words = _words(clause)[:6]
    for w in words[:3]:
        if w in _MEASURE:
            lemma = _MEASURE[w]
            if lemma in ("years", "months") and _PRISON.search(sentence):
                return lemma + " of prison"
            return lemma
    if words[:1] == ["of"]:
        words = [w for w in words[1:] if w not in ("the", "these", "those", "them", "whom")]
    group: list[str] = []
    for w in words[:4]:
        if w in _STOP:
            break
        group.append(w)
    first = group[0] if group and not group[0].endswith(("ed", "ing")) else ""
    plural = (w for w in group if w in _IRREGULAR or re.search(r"[^suio]s$", w))
    head = next(plural, first)
    if not head:
        of = _OF_RE.findall(sentence[:start])
        head = of[-1] if of and of[-1] not in _PEOPLE | _STOP else ""
        if head in _MEASURE:
            return _MEASURE[head]
    if not head or head in _PEOPLE:
        return _event_near(sentence, start, end) or ("people" if head else "")
    return _singular(head)
