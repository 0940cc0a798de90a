"""Who holds a role in a news text, in one lexicon: the bodies that speak, the titles their
people hold, and the roles of the people who report on them.

The ledger reads these to decide who can speak for a figure and for whom an official speaks;
the answer layer reads them to know which questions a person's name answers and who heads a
body. Each set below is built from the ones above it, so a title added once counts everywhere.
"""

from __future__ import annotations


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


# people who speak for a body
SPOKESPEOPLE = _words("spokesman spokeswoman spokesperson")
# titles of the person at the head of a body: "the agency's director", "who leads the union"
HEADS = _words(
    """head chief leader chair chairman chairwoman chairperson director president commander
    captain manager"""
)
# verbs of heading a body: "who leads / chairs / runs X" is answered by one of `HEADS`
HEADING = _words("lead head chair run direct command manage")
# titles an official holds; a name opening with a body and one of these speaks for the body
# ("NDRA Director Pavel Drozan" speaks for the NDRA)
OFFICIALS = (
    HEADS | SPOKESPEOPLE | _words("secretary minister commissioner official officer coordinator")
)
# roles only a person holds: "which engineer…" is answered by a person's name
PERSON_ROLES = OFFICIALS | _words(
    """pilot engineer soldier executive mayor governor general inspector investigator suspect
    victim owner founder editor reporter author ambassador envoy negotiator mediator referee
    coach player surgeon nurse driver guard lawyer judge doctor witness prosecutor candidate"""
)
# a byline or title of someone who reports on events rather than takes part in them
NEWS_ROLES = _words("correspondent reporter editor writer journalist columnist staff bureau desk")
# bodies that speak even when named in lower case ("the ministry said")
SPEAKING_BODIES = _words(
    """ministry government police authority authorities office council commission court agency
    department union company board army military regulator mission tribunal directorate
    administration province municipality county charity party group association institute
    hospital trust opposition service committee"""
)
# the same, and the other bodies a text names in lower case ("the fire service", "the campaign")
INSTITUTIONS = SPEAKING_BODIES | _words(
    """university organisation organization foundation federation bureau
    centre center network observatory coalition campaign front movement inspectorate watchdog
    monitor"""
)
# a body's own organs, which speak for it in lower case: "the FTM's political bureau", "the
# council's environmental health service"
ORGANS = _words(
    "bureau service office department committee unit wing branch division secretariat team"
)
# a named body's own people, who speak in its name ("FMG field researchers", "UN investigators")
BODY_PEOPLE = _words(
    """researchers investigators staff inspectors monitors volunteers experts analysts
    auditors team teams"""
)
# the people of a body who speak in its name in lower case ("the coroner said", "officials said")
SPEAKING_ROLES = SPOKESPEOPLE | _words(
    """chief director head commander chairman chair president secretary minister officer
    official officials governor mayor prosecutor prosecutors coroner inspector judge envoy
    ambassador master"""
)
