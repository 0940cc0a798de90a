"""Who holds a role a question asks about: the role noun in a sentence, whose it is, and the
name the parse ties to it ("Captain Dorsk", "Dembe, the association's chairwoman")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.answer.need import Need
from assistant.answer.wording import similar
from assistant.ledger.roles import PERSON_ROLES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJECTS = frozenset(("nsubj", "nsubjpass"))
_PERSON_ENDING = re.compile(r"\w{3}(?:ist|ician)$")  # "hydrologist", "technician": people


def role_of_theirs(doc: Doc, need: Need) -> bool:
    """The role noun is there, and not someone else's when the question says whose it is; held
    by a name when it is a person's role or the question asks for a name ("what is the name
    of the inmate who...": "nine inmates died" names none)."""
    person = need.noun in PERSON_ROLES or _PERSON_ENDING.search(need.noun) is not None
    named_asked = bool({"name", "names"} & need.own)
    for t in doc:
        if not similar(t.lemma_.lower(), need.noun):
            continue
        owners = [c for c in t.children if c.dep_ in ("poss", "compound") and not _one_word(c, t)]
        owners += [o for c in t.children if c.lower_ == "of" for o in c.children]
        named = [o for o in owners if o.pos_ in ("PROPN", "NOUN")]
        # "the city's director of public works" for "the director of public works in X": one
        # owner the question gives is enough; "Saadouni's lawyer" for "Assadi's lawyer" is not
        theirs = not need.owned or not named or any(o.lower_ in need.own for o in named)
        held = not (person or named_asked) or names_its_holder(t, people=person)
        if theirs and held:
            return True  # a person's role must be held by a name; "revenue" has no holder
    return False


def _one_word(a: Token, b: Token) -> bool:
    """Are two tokens the parts of one hyphened word ("Director-General")?"""
    first, last = sorted((a.i, b.i))
    return last == first + 2 and a.doc[first + 1].text == "-"


def names_its_holder(role: Token, *, people: bool = True) -> bool:
    """Is the role tied to a name by the parse: "Captain [Dorsk]", "[Dembe], the association's
    chairwoman", "the engineer, [Varn]", "[Varn] is the engineer", "the director of X,
    [Varn],"? "has spoken to the chief executive of X" names no holder. A body's name holds a
    role too unless the role is `people`'s."""
    near = [role.head, *role.children, *role.head.children]
    if role.dep_ in ("attr", "oprd"):
        near += [c for c in role.head.children if c.dep_ in SUBJECTS]
    if any(
        t.pos_ == "PROPN" and t.i != role.i and (t.ent_type_ != "ORG" or not people) for t in near
    ):
        return True
    # "the chief executive of X, Dr Alan Pryce,": the parse hangs the name on X
    of = [o for c in role.children if c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    return any(a.dep_ == "appos" and a.ent_type_ == "PERSON" for o in of for a in o.children)
