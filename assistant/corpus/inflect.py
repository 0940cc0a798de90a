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
