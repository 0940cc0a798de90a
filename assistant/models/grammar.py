"""The shape of a composed lead, as a GBNF grammar for llama.cpp and as a check after the fact.

A lead is one to three sentences, each ending in citation markers drawn only from the numbers
of the quotes the model was given (the one marker grammar, `grounding.markers`: "[n]" after the
sentence's words), or the single refusal token. Under the grammar a local model cannot cite a
quote it was not given; a remote model's output is held to the shape after the fact
(`answer.compose`: the refusal, or its first sentences, each verified).
"""

from __future__ import annotations

from assistant.models.chat import OutputShape

MIN_CHARS = 24  # "According to [1]." is not a sentence: a lead sentence says something


def gbnf(shape: OutputShape) -> str:
    """The grammar: `root` is the refusal, or sentences that each end in one to three allowed
    markers, with one full stop before or after them. A sentence holds no other full stop (a
    decimal point is fine), so it cannot run two sentences together under one set of
    markers."""
    numbers = " | ".join(f'"{n}"' for n in sorted(set(shape.markers))) or '"1"'
    more = shape.max_sentences - 1
    refusal = shape.refusal.replace('"', '\\"')
    return "\n".join(
        [
            f'root ::= "{refusal}" | sentence (" " sentence){{0,{more}}}',
            f'sentence ::= [A-Z0-9"“] char{{{MIN_CHARS},{shape.max_chars}}} end',
            'end ::= "." " "? cites | " "? cites "."',
            "cites ::= cite cite? cite?",
            'char ::= [^\\[\\]\\n.] | "." [0-9]',
            'cite ::= "[" num "]"',
            f"num ::= {numbers}",
        ]
    )
