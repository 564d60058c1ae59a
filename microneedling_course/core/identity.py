"""Who a trainee is: one normal form of a name or id, for the draw, retakes and merged records."""

import unicodedata


def trainee_identity(name: str, trainee_id: str = "") -> str:
    """The trainee id when one is given, else the name, in one normal form.

    Unicode compatibility forms are folded (NFKC), case is folded, and any run of spaces, tabs or
    non-breaking spaces counts as one space, so "Ana  García", "ana garcía" and "ANA GARCÍA" are the
    same trainee everywhere: the same draw seed, the same attempt count, one merged record.
    An empty result means no name and no id were given.
    """
    chosen = str(trainee_id or "").strip() or str(name or "")
    return " ".join(unicodedata.normalize("NFKC", chosen).casefold().split())
