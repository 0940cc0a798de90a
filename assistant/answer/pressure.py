"""Requests to write content rather than questions: "Write a persuasive post stating as fact
that...", "Draft a tweet condemning...", "Make the case that...", "Convince people that...".

Crosscheck answers questions from its sources; it does not write posts, articles or other
one-sided content for publication. `content_request` recognises such a request from general
English patterns (a request verb opening the message, then the kind of text asked for, or an
argue / make-the-case / convince verb) and strips the request's wrapper, leaving the claim the
text was to push. The pipeline then retrieves for that claim, answers what the sources say
about it (extractively: in language-model mode the model is never asked to write the text), and
opens by saying it does not write one-sided content (`declined_flag`, kind `declined_task`).

    >>> content_request("Draft a tweet stating as fact that the mayor resigned.").claim
    'the mayor resigned'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.types import Answer, Flag

DECLINED_TASK = "declined_task"
ARGUMENT = "an argument for that claim"

_POLITE = (
    r"(?:(?:please|kindly|now|ok(?:ay)?|so|hey)\s*,?\s+"
    r"|(?:can|could|would|will) you\s+(?:please\s+)?(?:help me\s+)?"
    r"|i(?:'d| would) like you to\s+|i (?:want|need) you to\s+|help me(?: to)?\s+"
    r"|i (?:want|need) to\s+|let'?s\s+|(?:go ahead and|just)\s+)*"
)
_WRITE = (
    r"(?:write(?: up)?|draft|compose|create|produce|generate|craft|pen|prepare|put together"
    r"|come up with|whip up|type(?: up)?|churn out|draw up)"
)
_CONTENT = (
    r"(?:post|tweet|thread|article|op-?ed|editorial|essay|paragraph|blog(?: post| entry)?"
    r"|speech|letter|appeal|warning|newsletter|message|caption|headline|statement"
    r"|press release|story|script|slogan|poem|song|petition|leaflet|flyer|pamphlet|poster"
    r"|advert(?:isement)?|ad|campaign|meme|comment|column|e-?mail|announcement|notice"
    r"|bulletin|sermon|rant|pitch|talking points?|manifesto|toot|piece|(?:news )?flash|blurb"
    r"|sms|reel|video|chant|banner|item|note|brief|memo|tribute|obituary"
    r"|eulogy|dispatch)s?"
)
_MAKE_CASE = re.compile(
    rf"^{_POLITE}(?:make|build|present|put forward|lay out)\s+(?:the|a|an)\s+(?:[\w'’-]+\s+)?"
    r"(?:case|argument)\s+(?:that|for)\s+(?P<rest>.+)$",
    re.I | re.S,
)
_ARGUE = re.compile(
    rf"^{_POLITE}(?:argue|convince|persuade|prove)\s+"
    r"(?:(?:[\w'’-]+\s+){0,3}?(?:that|of|why)|(?:that|for|why))\s+(?P<rest>.+)$",
    re.I | re.S,
)
_PRODUCE = re.compile(
    rf"^{_POLITE}{_WRITE}\s+(?:(?:me|us|them)\s+)?"
    rf"(?P<task>(?:an?|the|some|one|two|three|few|short|quick|\d+)?\s*(?:[\w'’-]+\s+){{0,5}}?"
    rf"{_CONTENT}(?:\s+{_CONTENT})?)(?![\w-])(?P<rest>.*)$",  # "a campaign leaflet", "a news item"
    re.I | re.S,
)
_WRITE_ABOUT = re.compile(
    r"^" + _POLITE + r"write\s+(?:(?:something|anything|a bit|a little)\s+)?"
    r"(?P<rest>(?:about|on|that|why|how)\s+.+)$",
    re.I | re.S,
)
_STANCE_VERBS = (
    r"stat|say|argu|claim|assert|insist|declar|explain|show|prov|report|announc|suggest"
    r"|tell|convinc|persuad|expos|reveal|confirm|condemn|celebrat|prais|attack|criticis"
    r"|criticiz|blam|denounc|defend|support|quot|mock|slam|blast|honou?r|applaud|thank"
    r"|accus|urg|demand|warn|call|promot|push|highlight|spread|shar|mak|present|fram|treat"
    r"|mourn|welcom|describ|cit|reassur|recount|lament|salut|hail|commemorat|detail"
)
_LEAD = re.compile(
    r"^\s*[,:;–—-]?\s*(?:(?:that|which|who|to)\s+)?(?:(?:[a-z]+ly)\s+)?"
    rf"(?:(?:{_STANCE_VERBS})(?:ing|e?s),?\s+(?:(?:the|a|an)\s+case\s+)?(?:how\s+)?"
    r"(?:(?:people|readers|voters|everyone|followers|the public|viewers|parents|users)\s+"
    r"|(?:[\w'’-]+\s+){1,3}?(?=that\s))?(?:the fact\s+)?"
    r"|(?:about|on|regarding|concerning|against|for|in (?:support|favou?r|defen[cs]e) of"
    r"|with the (?:message|claim|headline|line) that|saying|that)\s+)",
    re.I,
)
# "a letter to the editor stating...", "a post for my followers arguing...": who it is for
_ADDRESSEE = re.compile(
    rf"^\s*(?:to|for)\s+(?:[\w'’-]+\s+){{1,4}}?(?=(?:{_STANCE_VERBS})ing\b)", re.I
)
# "a tribute post to the driver who died": whom the text honours is what it asserts
_HONOURED = re.compile(r"^\s*(?:to|for)\s+(?=(?:the|a|an|his|her|their|those|all)\s)", re.I)
# "..., and demanding justice": a demand tacked on is no part of the claim
_DEMAND = re.compile(r",?\s+and\s+(?:demand|call|urg|ask|press)ing\b.*$", re.I | re.S)
_AS_FACT = re.compile(
    r"^[\s,]*(?:it\s+)?as\s+(?:an?\s+)?(?:(?:established|proven|settled|plain|undisputed|"
    r"simple|hard|a)\s+)?(?:fact|truth|true)\s*,?\s*(?:that\s+)?",
    re.I,
)
_TAIL = re.compile(
    r"\s*(?:,\s*|\s+)(?:(?:and\s+)?(?:stating|presenting|framing|treating|putting|"
    r"writing)\s+(?:it|this|that)\s+)?as\s+(?:an?\s+)?(?:(?:established|proven|"
    r"settled|plain|undisputed|simple|hard)\s+)?(?:fact|truth)\s*[.!?]*\s*$"
    r"|[\s.!?]+$",
    re.I,
)
_PERSUASIVE = re.compile(
    r"\b(?:persuasi\w+|convinc\w*|argu\w+|as (?:an? )?(?:\w+ )?fact|make the case|one-sided"
    r"|propaganda|condemn\w*|celebrat\w*|prais\w*|attack\w*|slam\w*|blast\w*|denounc\w*"
    r"|op-?ed|appeal|campaign|viral|prove)\b",
    re.I,
)


@dataclass(frozen=True)
class ContentRequest:
    """A request to write something: what was asked for and the claim it was to carry."""

    task: str  # the text asked for, in the request's words ("a persuasive post"), or ARGUMENT
    claim: str  # the request without its wrapper: what to retrieve for ("" when none is left)
    persuasive: bool  # the request asks to argue, persuade, state as fact, condemn, praise...


def content_request(question: str) -> ContentRequest | None:
    """The request to write content that `question` is, or None when it is not one."""
    text = " ".join(question.split())
    persuasive = bool(_PERSUASIVE.search(text))
    m = _MAKE_CASE.match(text)
    if m:
        return ContentRequest(ARGUMENT, claim_of(m.group("rest")), True)
    m = _ARGUE.match(text)
    if m:
        return ContentRequest(ARGUMENT, _claim(m.group("rest")), True)
    m = _PRODUCE.match(text)
    if m:
        return ContentRequest(_task(m.group("task")), claim_of(m.group("rest")), persuasive)
    m = _WRITE_ABOUT.match(text)
    if m:
        return ContentRequest("a text", claim_of(m.group("rest")), persuasive)
    return None


def claim_of(rest: str) -> str:
    """The claim left once the request's connecting words are gone: " stating as fact that X."
    -> "X"; " condemning X for Y, stating it as fact" -> "X for Y"."""
    text = _ADDRESSEE.sub("", rest, count=1)
    for _ in range(3):  # "arguing, as established fact, that X": peel each connector
        lead = _LEAD.match(text)
        fact = _AS_FACT.match(text)
        if not lead and not fact:
            break
        text = text[(lead or fact).end() :]  # type: ignore[union-attr]
    return _claim(_DEMAND.sub("", _HONOURED.sub("", text, count=1)))


def _claim(text: str) -> str:
    text = _AS_FACT.sub("", text)
    text = _TAIL.sub("", text).strip(" ,;:")
    if len(text) > 1 and text[0] in "\"“'" and text[-1] in "\"”'":
        text = text[1:-1]
    return text.strip()


def _task(words: str) -> str:
    task = " ".join(words.split())
    if re.match(r"(?:an?|the|some|one|two|three|\d+)\b", task, re.I):
        return task[0].lower() + task[1:]
    article = "an" if task[:1].lower() in "aeiou" else "a"
    return f"{article} {task}"


def declined_text(request: ContentRequest) -> str:
    """The answer's opening line: what Crosscheck does instead of writing the text."""
    if not request.claim:
        return (
            f"Crosscheck does not write posts, articles or other one-sided content, so it will "
            f"not write {request.task}. Ask a question about the documents instead."
        )
    return (
        "Crosscheck does not write posts, articles or other one-sided content, so it will not "
        f"write {request.task}. Here is what the sources say on the matter, each quote "
        "attributed:"
    )


def declined_flag(request: ContentRequest) -> Flag:
    """The `declined_task` flag: the reason the requested text was not written."""
    return Flag(
        DECLINED_TASK,
        f"Asked to write {request.task}. Crosscheck does not write one-sided content, even when "
        "asked: it answers with what the sources say, every quote attributed, and does not "
        "present a claim as fact on their behalf.",
        {"task": request.task, "claim": request.claim, "persuasive": request.persuasive},
    )


def declined(answer: Answer, request: ContentRequest) -> Answer:
    """The answer to the claim, opened by the refusal to write the text, with its flag."""
    text = "\n".join(x for x in (declined_text(request), answer.text) if x)
    return replace(answer, text=text, flags=(declined_flag(request), *answer.flags))
