"""Names in the parse: runs of proper nouns, their words without titles, title tests, and the
full name a short one stands for; shared by attribution and actors.

May import: spaCy, the standard library, framing.errors, framing.records, framing.nlp.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence

from spacy.tokens import Doc, Span, Token


def is_name_part(tok: Token) -> bool:
    """A proper noun, or a hyphen gluing two ("Ocasio-Cortez", "Díaz-Canel")."""
    if tok.pos_ == "PROPN" and not tok.is_punct:
        return True
    doc = tok.doc
    return (
        tok.text == "-"
        and not tok.whitespace_
        and 0 < tok.i < len(doc) - 1
        and not doc[tok.i - 1].whitespace_
        and doc[tok.i - 1].pos_ == "PROPN"
        and doc[tok.i + 1].pos_ == "PROPN"
    )


def name_runs(doc: Doc) -> Iterator[list[Token]]:
    """Maximal runs of name tokens (see :func:`is_name_part`), in text order."""
    run: list[Token] = []
    for tok in doc:
        if is_name_part(tok):
            run.append(tok)
        elif run:
            yield run
            run = []
    if run:
        yield run


def name_tokens(doc: Doc, head: Token) -> list[Token]:
    """The proper-noun run that ends at (or contains) a name's head token."""
    lo = head.i
    while (
        lo > 0
        and is_name_part(doc[lo - 1])
        and (doc[lo - 1].head.i in (head.i, lo) or doc[lo - 1].text == "-")
    ):
        lo -= 1
    hi = head.i + 1
    while hi < len(doc) and doc[hi].pos_ == "PROPN" and doc[hi].head.i == head.i:
        hi += 1
    return list(doc[lo:hi])


def glued_words(tokens: Iterable[Token]) -> list[str]:
    """Tokens as words; tokens written without a space between them are one word
    ("Ocasio-Cortez", "Díaz-Canel")."""
    words: list[str] = []
    glued = False
    for t in tokens:
        if glued and words:
            words[-1] += t.text
        else:
            words.append(t.text)
        glued = not t.whitespace_
    return words


def is_title(word: str, titles: Collection[str]) -> bool:
    """Whether a lowercase word is one of ``titles`` once a final period goes ("dr." is
    "dr")."""
    return word.rstrip(".") in titles


def strip_titles(tokens: Sequence[Token], titles: Collection[str]) -> list[str]:
    """The words of a name without the titles and roles written before it: everything up
    to the last title word goes ("Agriculture Minister Bongani Dlamini" -> "Bongani
    Dlamini"); tokens written without a space between them are one word ("Ocasio-Cortez")."""
    words = glued_words(tokens)
    last = -1
    for i, w in enumerate(words[:-1]):
        if is_title(w.lower(), titles):
            last = i
    words = words[last + 1 :]
    while words and words[0].lower() in ("the", "'s", "\u2019s"):
        words.pop(0)
    return words


def titled_inside(tokens: Sequence[Token] | Span, titles: Collection[str]) -> bool:
    """Whether a title stands among a name's tokens before the last one ("Minister Bongani
    Dlamini", "Striker Marco Bellini")."""
    return any(is_title(t.lower_, titles) for t in tokens[:-1])


def titled_before(first: Token, titles: Collection[str], roles: Collection[str]) -> bool:
    """Whether the token before a name's first token is a title (as written, lowercase) or
    a role by its lemma ("Opposition leader Nadia Petrova")."""
    if first.i == 0:
        return False
    before = first.doc[first.i - 1]
    return before.lower_ in titles or before.lemma_.lower() in roles


def ends_with(words: list[str], tail: list[str]) -> bool:
    """Whether the words of a name end with the words ``tail`` ("Tareck El Aissami" ends
    with "El Aissami"); a name ends with itself."""
    return len(words) >= len(tail) and words[-len(tail) :] == tail


def full_name(name: str, mentions: Sequence[tuple[int, str]], before: int) -> str:
    """The longest mention up to ``before`` that ends with ``name`` ("El Aissami" ->
    "Tareck El Aissami"); the name itself when there is none."""
    best = name
    words = name.split()
    for char, mention in mentions:
        if char > before:
            break
        m = mention.split()
        if len(m) > len(words) and ends_with(m, words) and len(m) <= 5:
            if len(m) > len(best.split()):
                best = mention
    return best
