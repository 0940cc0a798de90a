"""Follow-up questions made standalone before retrieval.

"How many were arrested there?" cannot be searched; "How many were arrested in <the place of
the previous question>?" can. With a chat model the question is rewritten by
`prompts/rewrite.txt` from the last few turns (each truncated). Without one (extractive mode),
a cheap deterministic rewrite: when the follow-up leans on the conversation (it has a pronoun
such as "it", "they", "there", or fewer than four content words), the names the previous
*answer* quotes (spaCy entities, people first for "he" / "she") and the key terms of the latest
earlier question that has any are appended in brackets: "How long did he get on appeal?
(Assadollah Assadi main defendant Antwerp trial)". Both the dense and the BM25 retriever then
see the topic. The same names go to the model's rewrite as hints.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.errors import QuestionError
from assistant.models.chat import ChatModel
from assistant.models.prompts import render
from assistant.store.lexical import STOPWORDS, tokenize
from assistant.types import Message, Turn

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

TURN_CHARS = 600  # each earlier message is cut to this many characters in the rewrite prompt
MIN_TERMS = 4  # a follow-up with fewer content words leans on the conversation
MAX_ADDED_TERMS = 8
_ANAPHORA = frozenset(
    "it its they them their theirs that this these those he him his she her there then such "
    "same former latter".split()
)
_WORD = re.compile(r"[^\W_][\w'’.-]*[^\W_]|[^\W_]")
_QUESTION_WORDS = frozenset("what when where which who whom whose why how was were did".split())


def recent(history: Sequence[Turn], turns: int) -> list[Turn]:
    return list(history[-turns:]) if turns > 0 else []


def _cut(text: str, limit: int = TURN_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def history_text(history: Sequence[Turn], turns: int) -> str:
    """The last `turns` exchanges as 'User: ... / Assistant: ...' lines, each truncated."""
    lines = []
    for t in recent(history, turns):
        lines += [f"User: {_cut(t.user)}", f"Assistant: {_cut(t.assistant)}"]
    return "\n".join(lines)


def leans_on_history(question: str) -> bool:
    words = {w.lower() for w in _WORD.findall(question)}
    return bool(words & _ANAPHORA) or len(tokenize(question)) < MIN_TERMS


def key_terms(text: str) -> list[str]:
    """Content words of `text` in their written form, in order, without repeats."""
    out: list[str] = []
    for word in _WORD.findall(text):
        low = word.lower()
        if low in STOPWORDS or low in _QUESTION_WORDS or low in _ANAPHORA:
            continue
        if word not in out:
            out.append(word)
    return out


def rewrite_deterministic(question: str, history: Sequence[Turn], turns: int = 3) -> str:
    """The question, with the topic of the conversation appended when it leans on it: the
    names the last answer quotes, then the key terms of the latest earlier question."""
    if not history or not leans_on_history(question):
        return question
    own = set(tokenize(question))
    names = answer_names(history[-1].assistant, _asks_about_a_person(question))
    for turn in reversed(recent(history, turns)):
        terms = [t for t in key_terms(turn.user) if not set(tokenize(t)) <= own]
        if terms or names:
            added, covered = [], set(own)
            # each word once (a name is not repeated by its parts), and no bracket of a name's
            # own ("Defence Front (SHDF"): the topic is carried in one pair of brackets
            for t in (" ".join(re.sub(r"[()\[\]]", " ", x).split()) for x in [*names, *terms]):
                if not set(tokenize(t)) <= covered:
                    added.append(t)
                    covered |= set(tokenize(t))
            return f"{question} ({' '.join(added[:MAX_ADDED_TERMS])})" if added else question
    return question


_PERSONAL = frozenset("he him his she her hers".split())
_NAMED = ("PERSON", "ORG", "GPE", "NORP", "FAC", "EVENT", "LOC", "LAW")
MAX_NAMES = 2
_FRAMING = re.compile(r"\bAccording to [^,:(]+(?:\([^)]*\))?\s*[,:]", re.I)
_QUOTED = re.compile(r"[\"“]([^\"“”]{3,})[\"”]")


def _asks_about_a_person(question: str) -> bool:
    return bool({w.lower() for w in _WORD.findall(question)} & _PERSONAL)


def answer_names(answer: str, person: bool) -> list[str]:
    """The names the quotes of an answer mention, in order (people only when the follow-up
    says "he" or "she"); the "According to X (date):" framing is not read."""
    quoted = " ".join(_QUOTED.findall(answer)) or _FRAMING.sub(" ", answer)
    if not quoted.strip():
        return []
    from assistant.corpus.nlp import parse

    doc = parse(_cut(quoted))
    labels = ("PERSON",) if person else _NAMED
    found = [e.text.removesuffix("'s").removesuffix("’s") for e in doc.ents if e.label_ in labels]
    if not found and not person:  # a name the recogniser missed: a run of capitalised words
        found = [" ".join(t.text for t in run) for run in _capitalised_runs(doc)]
    return list(dict.fromkeys(found))[:MAX_NAMES]


def _capitalised_runs(doc: Doc) -> list[list[Token]]:
    """Runs of proper nouns of two words or more ("Open Cells, a prisoners' rights group")."""
    runs: list[list[Token]] = [[]]
    for t in doc:
        if t.pos_ == "PROPN" and t.text[:1].isupper():
            runs[-1].append(t)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if len(r) >= 2]


def rewrite_with_model(
    model: ChatModel, question: str, history: Sequence[Turn], turns: int = 3
) -> str:
    """The chat model's standalone version of `question` (deterministic when its reply is unusable).

    Raises `ModelUnavailable` when the model fails.
    """
    if not history or turns <= 0:
        return question
    names = answer_names(history[-1].assistant, _asks_about_a_person(question))
    hint = f"{question} (names in the last answer: {', '.join(names)})" if names else question
    prompt = render("rewrite", history=history_text(history, turns), question=_cut(hint))
    reply = model.generate([Message("user", prompt)])
    lines = [line.strip() for line in reply.splitlines() if line.strip()]
    line = (
        re.sub(r"^(?:rewritten question|question)\s*:\s*", "", lines[0], flags=re.I)
        if lines
        else ""
    )
    line = line.strip().strip("\"'“”").strip()
    if not line or len(line) > max(300, 3 * len(question)):
        return rewrite_deterministic(question, history, turns)
    return line


def turns_from_json(data: object) -> tuple[Turn, ...]:
    """Chat history from JSON: a list of {"user": ..., "assistant": ...} objects.

    Raises `QuestionError` naming the first entry that is not such an object.
    """
    if not isinstance(data, list):
        raise QuestionError(
            'The chat history must be a JSON list of {"user": ..., "assistant": ...} objects.'
        )
    turns = []
    for i, item in enumerate(data):
        if not (
            isinstance(item, dict)
            and isinstance(item.get("user"), str)
            and isinstance(item.get("assistant", ""), str)
        ):
            raise QuestionError(
                f'Chat history entry {i} is not {{"user": "...", "assistant": "..."}}: '
                f"{str(item)[:80]}"
            )
        turns.append(Turn(item["user"], item.get("assistant", "")))
    return tuple(turns)
