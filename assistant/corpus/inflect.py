"""A verb's forms from its lemma, by lemminflect (a lexicon of English inflections, and rules
for words it does not know): "uphold" -> "upheld", "take part" -> "taken part"."""

from __future__ import annotations

from functools import lru_cache

PAST, PARTICIPLE, THIRD_PERSON = "VBD", "VBN", "VBZ"  # Penn Treebank tags, as lemminflect asks


@lru_cache(maxsize=4096)
def verb_form(lemma: str, tag: str) -> str:
    """The form `tag` asks of the verb `lemma`; a phrasal verb inflects its first word only
    ("take part" -> "taken part"). The lemma itself when the library gives none."""
    from lemminflect import getInflection  # its lexicon loads on first use

    verb, _, rest = lemma.partition(" ")
    forms = getInflection(verb, tag=tag) if verb else ()
    done = forms[0] if forms else verb
    return f"{done} {rest}" if rest else done


@lru_cache(maxsize=4096)
def verb_of_noun(noun: str) -> str:
    """The verb a noun is made from by a regular suffix: a gerund ("saving" -> "save",
    "overbilling" -> "overbill", by lemminflect) or "-ment" ("payment" -> "pay"); "" for any
    other noun."""
    if noun.endswith("ing") and len(noun) > 5:
        from lemminflect import getLemma

        lemmas = getLemma(noun, upos="VERB")
        return lemmas[0] if lemmas and lemmas[0] != noun else ""
    if noun.endswith("ment") and len(noun) > 6:
        return noun[:-4]
    return ""


_INFLECTED = frozenset({"VBD", "VBN", "VBG", "VBZ"})


@lru_cache(maxsize=16384)
def mended_verb_lemma(word: str, lemma: str, tag: str) -> str:
    """The parser's lemma of an inflected verb, unless lemminflect's lexicon says it cannot be
    one: a lemma that is no verb ("overbilled" -> "overbille") or does not inflect to the word
    ("fined" -> "fin", whose past is "finned") gives way to lemminflect's ("overbill",
    "fine")."""
    if tag not in _INFLECTED or not word.isalpha() or word.isupper():
        return lemma
    from lemminflect import getAllInflections, getInflection, getLemma

    low = word.lower()
    if getAllInflections(lemma, upos="VERB") and low in (
        f.lower() for f in getInflection(lemma, tag=tag)
    ):
        return lemma
    found = getLemma(low, upos="VERB")
    if not found or found[0] == lemma + lemma[-1:]:
        return lemma  # "enrolled": British "enrol" stays, not the lexicon's "enroll"
    return found[0]
