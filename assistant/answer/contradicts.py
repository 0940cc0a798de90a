"""Signs that a sentence answers a claim rather than repeats it (see `answer.counter`):

* `negates`: a denial or a correction the claim lacks, whose scope in the parse holds a word
  of what the claim says of its subject ("no arrests have been made", "released without
  charge", "rather than an explosion", "could not verify");
* `attributes`, more weakly: it calls the claim an accusation, an allegation or a rumour;
* `hedges`, as weakly: it puts the claim's act under a possibility, a plan or a wait ("could
  face a fine", "is due to rule") where the claim says it was done;
* `other_figure`: it gives the claim's measure a different figure ("two people died" against
  "five people died"), or the claim's thing a different year;
* `other_agent`: it gives the claim's act to another named doer ("the order was issued by the
  fire service" against "the governor issued the order").

General English only, from the same parser and figure reader as the ledger.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from assistant.answer.opposed import affirms_denied, for_a_time, opposite_act, part_only
from assistant.answer.premise import same_figure
from assistant.answer.terms import act_terms, content_terms
from assistant.corpus.nlp import REMEMBERED, parse_remembered, to_infinitive
from assistant.corpus.sentences import without_dateline
from assistant.ledger.figures import find_figures
from assistant.ledger.statements import extract_figures
from assistant.ledger.words import ACTS, answers_measure, same_act, same_word
from assistant.remember import Remembered
from assistant.store.lexical import stems
from assistant.types import FigureStatement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Sign = Literal["negates", "attributes", "hedges", "other_figure", "other_agent"]
MIN_SHARED = 2  # claim words a sentence must share to give its act to another doer
NEGATION_SCOPE = 8  # words either side of "an accusation" that say what it calls one
ACCUSED_SHARED = 3  # claim words (names too) in a sentence that calls something an accusation
# "declined to comment", "refused to say": no word on the claim, so no denial of it
_NO_WORD = r"(?:comment|say|speak|respond|answer|discuss|elaborate|confirm|give details)\b"
_DENIES = re.compile(
    r"\b(?:no|not|never|none|nobody|nothing|neither|nor|without|rather than|instead of"
    r"|deni(?:ed|es|al)|deny(?:ing)?|reject(?:ed|s|ing)?|resist(?:ed|s|ing)?|rebuff(?:ed|s|ing)?"
    r"|dismiss(?:ed|es)|refut\w+|contradict\w*|false(?:ly)?"
    r"|untrue|unfounded|baseless|unverified|unconfirmed|unable to|could not|cannot|less than"
    r"|fewer than|contrary to|retract\w*|correct(?:ed|ion)|withdr[ae]w\w*|in fact|mistaken"
    r"|wrong(?:ly)?|incorrect(?:ly)?|misleading|refus(?:e|ed|es|ing|al)(?! to " + _NO_WORD + r")"
    r"|(?:declin|fail)(?:e|ed|es|ing|s)? to(?! " + _NO_WORD + r"))\b|n['’]t\b",
    re.I,
)
_HEDGES = re.compile(  # a possibility, a plan or a wait, not a thing done
    r"\b(?:could|(?-i:may)|might|faces?|facing|expected to|(?:is|are|was|were) due to|pending"
    r"|awaiting|yet to|plans? to|planned|proposed|threaten(?:ed|s)? to|possible"
    r"|potential(?:ly)?)\b",
    re.I,
)
_ATTRIBUTES = re.compile(
    r"\b(?:accusations?|allegations?|alleged(?:ly)?|rumou?rs?|unproven|unsubstantiated)\b", re.I
)
_PREDICATE = frozenset(  # a verb's own phrase: not its subject, nor clauses beside it
    "dobj attr acomp xcomp ccomp prep agent oprd pobj dative advmod npadvmod prt".split()
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)(?:s|['’]s)?\b")  # "1979", "the 1980s"
_WHEN = re.compile(
    r"\b(?:in|since|from|until|by)\s+(?:the\s+)?(?:(?:late|early|mid)[\s-]+)?"
    r"(1[89]\d\d|20\d\d)(?:s|['’]s)?\b",
    re.I,
)
_NAME = re.compile(r"\b[A-Z][\w'’-]+")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def counter_reason(claim: str, sentence: str) -> Sign | Literal[""]:
    """Why `sentence` answers `claim` rather than repeats it, or "" when it does not."""
    if negates(claim, sentence) or opposite_act(claim, sentence):
        return "negates"
    if affirms_denied(claim, sentence) or part_only(claim, sentence) or for_a_time(claim, sentence):
        return "negates"
    if attributes(claim, sentence):
        return "attributes"
    if hedges(claim, sentence):
        return "hedges"
    if other_figure(claim, sentence):
        return "other_figure"
    if other_agent(claim, sentence):
        return "other_agent"
    return ""


def negates(claim: str, sentence: str) -> bool:
    """Does the sentence deny or correct what the claim says of its subject: a denial the claim
    does not word itself, whose scope in the parse holds a word of the claim's predicate (not
    a name)? "No arrests have been made" denies "police arrested an arsonist"; "The Mission is
    not in a position to determine which side fired" denies no part of "the mission's count
    rose from 38 to 57"."""
    return _cue_holds_the_act(claim, sentence, _DENIES)


def hedges(claim: str, sentence: str) -> bool:
    """Does the sentence put what the claim states as done under a possibility, a plan or a
    wait ("the company could face a fine of up to €2 million" against "the court fined the
    company €2 million"), the claim itself unhedged?"""
    if _HEDGES.search(claim):
        return False
    doc = parse_remembered([claim])[0]
    verbs = _said(t for t in doc if t.pos_ == "VERB" and t.dep_ in ("ROOT", "conj"))
    return _cue_holds_the_act(claim, sentence, _HEDGES, act_terms(content_terms(verbs)))


def _cue_holds_the_act(
    claim: str, sentence: str, cue: re.Pattern[str], acts: set[str] | None = None
) -> bool:
    """Is a `cue` word of the sentence (one the claim does not use) about the claim's act: its
    scope in the parse holds one of `acts`, or with none given, a word of the claim's predicate
    or the very thing the claim names ("no explosion" against "an explosion killed ...")?"""
    matches = [m for m in cue.finditer(sentence) if _cue_stem(m.group()) not in _cues(claim, cue)]
    if not matches:
        return False
    terms = act_terms(_predicate_terms(claim)) if acts is None else acts
    doc = parse_remembered([without_dateline(sentence)])[0]
    named = {w.lower() for w in _WORD.findall(claim)}
    for m in matches:
        token = next((t for t in doc if t.idx >= m.start()), None)
        if token is None or _someone_else(token, named):
            continue
        scope = _denied(token)
        if scope is None:  # no part to go by: the words that follow the denial
            scope = " ".join(sentence[m.end() :].split()[:NEGATION_SCOPE])
        if act_terms(content_terms(scope)) & terms:  # "no deaths" denies "shot dead"
            return True
        if acts is None and _subject_terms(claim, token):
            return True
    return False


_DENYING_THE_THING = frozenset({"no", "rather", "instead"})


def _subject_terms(claim: str, token: Token) -> set[str]:
    """The claim's words, names left out, when the denial is of the very thing the claim
    names: the noun "no" determines ("No explosion was reported") or the one "rather than" /
    "instead of" sets aside ("a roof fall rather than an explosion") is one of them."""
    if token.lower_ not in _DENYING_THE_THING:
        return set()
    if token.lower_ == "no":
        thing = token.head if token.dep_ == "det" else None
    else:
        link = token.nbor() if token.i + 1 < len(token.doc) else None
        thing = next((c for c in link.children if c.dep_ == "pobj"), None) if link else None
    if thing is None or thing.pos_ not in ("NOUN", "PROPN"):
        return set()
    return act_terms(content_terms(thing.text)) & act_terms(_unnamed_terms(claim))


def _someone_else(token: Token, claim_words: set[str]) -> bool:
    """Is a negation ("had not published", "rather than") about what another named party did:
    its verb's subject has a capitalised word and shares no word with the claim? ("the
    Iranian authorities had not published a toll" says nothing of what Amnesty counted.)
    Denying words ("no", "rejected", "without") are not asked: their denier may be anyone."""
    if token.dep_ != "neg" and token.pos_ != "ADV":
        return False
    verb = next((t for t in [token, *token.ancestors] if t.pos_ in ("VERB", "AUX")), None)
    subject = next((c for c in verb.children if c.dep_.startswith("nsubj")), None) if verb else None
    if subject is None:
        return False
    words = [w for w in _own_words(subject) if w.pos_ != "PRON"]  # not "who ... in March"
    capitalised = any(w.text[:1].isupper() for w in words if w.i > 0 or w.pos_ == "PROPN")
    return capitalised and not {w.lower_ for w in words} & claim_words


def _denied(token: Token) -> str | None:
    """What a denial word denies, by the parse: a negated verb's phrase without its subject
    and the clauses beside it,
    the noun "no" determines, a denying verb's clause, the object of "without", the noun a
    "false" describes. None when the word plays none of these parts."""
    if token.dep_ == "neg":
        head = token.head
        kept = [t for c in head.children if c.dep_ in _PREDICATE for t in c.subtree]
        return _said(sorted([*kept, head], key=lambda t: t.i))
    nobody = token.head if token.dep_ == "det" and token.head.lower_ == "one" else token
    if nobody.lower_ in _NOBODY and nobody.dep_ in ("nsubj", "nsubjpass"):  # "no one was hurt"
        return _said(_own_words(nobody.head))
    if token.dep_ == "det" or token.pos_ == "ADJ":
        return _said(_own_words(token.head))
    if token.pos_ in ("VERB", "ADP", "NOUN"):
        return _said(_own_words(token))
    return None


def _said(tokens: Iterable[Token]) -> str:
    """The words, a verb with its lemma beside it: "withdrew" and "withdraw" stem apart, so
    "the government withdrew the decree" meets "refused to withdraw" only by the lemma (kept
    beside the word: the lemmatizer makes "fined" "fin")."""
    return " ".join(_with_lemma(t) for t in tokens)


def _with_lemma(t: Token) -> str:
    return f"{t.text} {t.lemma_}" if t.pos_ in ("VERB", "AUX") and t.lemma_ != t.lower_ else t.text


_NOBODY = frozenset({"one", "none", "nobody", "nothing"})
_DESCRIBING = frozenset({"relcl"})  # "calls [to resign]" (acl) is what is rejected


def _own_words(token: Token) -> list[Token]:
    """The token's phrase without the clauses that describe its parts: "withdraw the request
    that brought police into the hall" withdraws a request, and says nothing of the hall."""
    out, todo = [], [token]
    while todo:
        t = todo.pop()
        out.append(t)
        todo += [c for c in t.children if c.dep_ not in _DESCRIBING or to_infinitive(c)]
    return sorted(out, key=lambda t: t.i)


def attributes(claim: str, sentence: str) -> bool:
    """Does the sentence call the claim an accusation, an allegation, a rumour: such a word
    with a word of the claim (other than its names) within NEGATION_SCOPE words either side
    ("...from the count — an accusation that the company denies"), or anywhere in a sentence
    sharing ACCUSED_SHARED of the claim's words?"""
    terms = _unnamed_terms(claim)
    shared = len(content_terms(claim) & content_terms(sentence))
    for m in _ATTRIBUTES.finditer(sentence):
        if _cue_stem(m.group()) in _cues(claim, _ATTRIBUTES):
            continue
        if shared >= ACCUSED_SHARED:  # "accused Castellan of cycling money through Osterby
            return True  # Haulage ... — an accusation the company denies"
        before = sentence[: m.start()].split()[-NEGATION_SCOPE:]
        after = sentence[m.end() :].split()[:NEGATION_SCOPE]
        if content_terms(" ".join([*before, *after])) & terms:
            return True
    return False


def _predicate_terms(claim: str) -> set[str]:
    """The words of what the claim says of its subject: its main verb and that verb's own
    phrase (`_PREDICATE`), names left out but those of its object ("recycled the MEK's toll":
    "cited the MEK" bears on it, "a family of Harnessa" does not bear on "resigned over
    Harnessa"); all its words but names when it has no verb."""
    doc = parse_remembered([claim])[0]
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return _unnamed_terms(claim)
    # a second thing said of the subject, joined to the main verb ("collapsed and injured
    # commuters"; the parser may take "injured" for an adjective of "commuters") is said too
    kept = [c for c in root.children if c.dep_ in _PREDICATE or c.dep_ == "conj"]
    objects = {t.i for c in kept if c.dep_ == "dobj" for t in c.subtree}
    words = [root, *(t for c in kept for t in c.subtree)]
    said = _said(t for t in words if t.i in objects or not _named(t))
    return content_terms(said) or _unnamed_terms(claim)


def _named(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.text[:1].isupper()


def _unnamed_terms(claim: str) -> set[str]:
    return content_terms(claim) - content_terms(" ".join(_NAME.findall(claim)))


def _cues(claim: str, cue: re.Pattern[str] = _DENIES) -> set[str]:
    return {_cue_stem(m.group()) for m in cue.finditer(claim)}


def _cue_stem(cue: str) -> str:
    return (stems(cue) or [cue.lower()])[0]


def other_figure(claim: str, sentence: str) -> bool:
    """Does the sentence give the claim's measure a figure the claim does not, and not the
    claim's own? Or does it date, beside a name of the claim, what the claim dates ("in",
    "since", "from" a year) to another year, without the claim's?"""
    years = set(_WHEN.findall(claim))  # "built in 2019", not "the 2017-18 uprising"
    other_year = not years & set(_YEAR.findall(sentence)) and _YEAR.search(sentence)
    if years and other_year and _names(claim[1:]) & _names(sentence):
        return True
    return figure_relation(_YEAR.sub("", claim), sentence) == "other"


def _names(text: str) -> set[str]:
    return {n.lower() for n in _NAME.findall(text)}


def _measures_alike(
    slot: str, words: tuple[str, ...], a: FigureStatement, b: FigureStatement
) -> bool:
    """Is b's figure of a's measure? A sum or a share of the same currency or unit is taken to
    be: "paid $75 million for the spillway" and "a contract worth $27.5 million" (the caller
    has checked that the two sentences share MIN_SHARED words); a count must count the same
    thing, with the same act when both name one."""
    if a.quantity.unit and a.quantity.unit == b.quantity.unit:
        return True
    head = _act_head(b.measure.act)
    acts = {same_act(act) for act in (_act_head(a.measure.act), head)}
    if a.measure.act and head and len(acts) > 1:
        return False  # "85 workers reinstated" against "312 workers dismissed"
    return answers_measure(slot, words, replace(b.measure, act=head))


def _act_head(act: str) -> str:
    """An act without a particle the parse took for its own ("kill up", from "up from", is
    "kill"); an act of two words the ledger names as one ("take part") stays whole."""
    return act if act in ACTS else act.split(" ", 1)[0]


_figures: Remembered[str, tuple[FigureStatement, ...]] = Remembered(REMEMBERED)


def figures_of(text: str) -> tuple[FigureStatement, ...]:
    """The figures of one sentence, as the ledger reads them, remembered: the same retrieved
    sentences are read for question after question."""
    args = {"publisher": "", "date": "", "stance": "unknown"}
    return _figures.many([text], lambda todo: [tuple(extract_figures("s", todo[0], **args))])[0]


def figure_relation(claim: str, sentence: str) -> str:
    """How the sentence's figures stand to the claim's, measure by measure: "same" when it
    gives the claim's own figure for a measure of the claim in its own voice, "relayed" when
    only as someone else's ("the families say..."), "other" when it gives only other figures
    for one, "" when it measures nothing the claim does."""
    units = {q.unit for _, _, q in find_figures(claim)}
    if not units & {q.unit for _, _, q in find_figures(sentence)}:
        return ""  # no figure of the claim's kind: nothing to parse
    theirs, relation = figures_of(sentence), ""
    for a in figures_of(claim):
        words = tuple(w for w in (a.measure.thing, a.measure.act) if w)
        slot = "money" if a.quantity.unit.startswith("money") else a.measure.kind
        same = [b for b in theirs if _measures_alike(slot, words, a, b)]
        stating = [b for b in same if same_figure(a.quantity, b.quantity)]
        if any(not b.attributed for b in stating):
            return "same"
        if stating:  # relayed: "the families say it took two hours"
            return "relayed"
        acted = [b for b in theirs if same_figure(a.quantity, b.quantity) and _other_act(a, b)]
        relation = relation or ("other" if same or acted else "")
    return relation


def _other_act(a: FigureStatement, b: FigureStatement) -> bool:
    """Does b give a's very figure of a's thing under another act: "1,100 workers placed on
    paid leave" against "laid off 1,100 workers"?"""
    acts = {same_act(_act_head(m.act)) for m in (a.measure, b.measure)}
    things = a.measure.thing and same_word(a.measure.thing, b.measure.thing)
    return bool(things) and a.measure.act != "" != b.measure.act and len(acts) > 1


def other_agent(claim: str, sentence: str) -> bool:
    """Does the sentence give the claim's act to another named doer: the same verb on the same
    object, or the claim's object and complement (MIN_SHARED words) with another doer, the
    claim's doer not named at all?"""
    claim_doc, sentence_doc = parse_remembered([claim, without_dateline(sentence)])
    if _quoted_from_another(claim_doc, sentence_doc):
        return True
    acts = {t.lemma_.lower(): _agent(t) for t in claim_doc if t.pos_ == "VERB"}
    verbs = content_terms(" ".join(t.text for t in claim_doc if t.pos_ == "VERB"))
    for t in sentence_doc:
        mine = acts.get(t.lemma_.lower()) if t.pos_ == "VERB" else None
        theirs = _agent(t) if mine else set()
        if mine and theirs and not mine & theirs and _same_object(claim_doc, t):
            return True
    doers = set().union(*acts.values()) if acts else set()
    said = {w.lower() for w in _WORD.findall(sentence)}
    if not doers or doers & said:
        return False
    roots = [t for t in sentence_doc if t.dep_ == "ROOT" and t.pos_ == "VERB"]
    theirs = _agent(roots[0]) if roots else set()
    rest = content_terms(claim) - content_terms(" ".join(doers))
    shared = rest & content_terms(sentence) - content_terms(" ".join(theirs))
    # the claim's act must be among the shared words: "the Port Authority published records
    # on the Corran Belle" gives no one else "Selma Hardacre resigned over the Corran Belle"
    return bool(theirs) and len(shared) >= MIN_SHARED and bool(act_terms(shared) & act_terms(verbs))


_QUOTATION = re.compile(r"[“\"]([^”\"]{8,})[”\"]")
_SPEAKING = frozenset(
    """say tell call describe dismiss write add state declare claim insist brand label term
    warn tweet post reply""".split()
)


def _quoted_from_another(claim_doc: Doc, sentence_doc: Doc) -> bool:
    """Does the sentence quote the claim's words (MIN_SHARED of them inside its quotation
    marks) from a named speaker, while the people and bodies the claim names (outside those
    words) go unmentioned? '"Castellan's growth story is fiction," said Tobias Renwick'
    answers "Amara Delacourt called Castellan's growth story fiction"."""
    sentence = sentence_doc.text
    quoted = " ".join(m.group(1) for m in _QUOTATION.finditer(sentence))
    if len(content_terms(quoted) & content_terms(claim_doc.text)) < MIN_SHARED:
        return False
    inside = {w.lower() for w in _WORD.findall(quoted)}
    named = {t.lower_ for t in claim_doc if t.pos_ == "PROPN"} - inside
    said = {w.lower() for w in _WORD.findall(sentence)}
    if not named or named & said:
        return False
    speakers = (
        _agent(t) for t in sentence_doc if t.pos_ == "VERB" and t.lemma_.lower() in _SPEAKING
    )
    return any(speakers)


def _agent(verb: Token) -> set[str]:
    """The lower-case words of the verb's named doer: its subject, or "by X" when passive."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "agent"):
            head: Token | None = child
            if child.dep_ == "agent":
                head = next((c for c in child.children if c.dep_ == "pobj"), None)
            if head is not None and head.pos_ == "PROPN":
                return {w.text.lower() for w in head.subtree if w.pos_ == "PROPN"}
    return set()


def _same_object(claim_doc: Doc, verb: Token) -> bool:
    """Do the claim and the sentence's verb act on the same thing (a shared content word in
    the verb's object, or in a passive verb's subject)?"""
    objects = " ".join(
        w.text for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr") for w in c.subtree
    )
    return bool(content_terms(objects) & content_terms(claim_doc.text))
