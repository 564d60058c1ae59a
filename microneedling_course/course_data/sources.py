"""Author-year labels ("Meng et al. 2022") for the bibliography keys a lesson table or lab shows."""

from microneedling_course.bank.references import bibliography_keys, cite


def source_labels(keys) -> dict[str, str]:
    """A {key: label} map; a label shared by two keys ("Plastic Surgery Key n.d.") gets the key."""
    unknown = [key for key in keys if key not in bibliography_keys()]
    if unknown:
        raise KeyError(f"unknown bibliography keys: {unknown}")
    labels = {key: cite(key).short for key in keys}
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    return {
        key: f"{label} [{key}]" if counts[label] > 1 else label for key, label in labels.items()
    }


def source_label(key: str) -> str:
    """'Meng et al. 2022' for meng2022 (KeyError for a key missing from book/references.bib)."""
    return cite(key).short
