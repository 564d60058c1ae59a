"""JSON text byte for byte as JavaScript's JSON.stringify writes it (for files both sides write).

Python's json writes `1.0`, `1e-07` and raw lone surrogates where JSON.stringify writes `1`,
`1e-7` and `\\udXXX`; records exported from the site and from Python must not differ.
"""

import json
import math
import re
from decimal import Decimal

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def js_number(value) -> str:
    """A number as JavaScript's Number#toString writes it (non-finite numbers become null)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return "null"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    # The shortest digits that read back as the same double (repr), and where the point falls.
    shortest = Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(map(str, shortest.digits))
    point = len(digits) + shortest.exponent
    count = len(digits)
    if count <= point <= 21:
        text = digits + "0" * (point - count)
    elif 0 < point <= 21:
        text = digits[:point] + "." + digits[point:]
    elif -6 < point <= 0:
        text = "0." + "0" * -point + digits
    else:
        power = point - 1
        text = digits[0] + ("." + digits[1:] if count > 1 else "") + f"e{'+' if power > 0 else '-'}"
        text += str(abs(power))
    return sign + text


def _js_string(text: str) -> str:
    encoded = json.dumps(text, ensure_ascii=False)
    return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", encoded)


def js_json(value) -> str:
    """Compact JSON as JSON.stringify(value) gives it (dict keys in insertion order)."""
    if value is None:
        return "null"
    if isinstance(value, bool | int | float):
        return js_number(value)
    if isinstance(value, str):
        return _js_string(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{_js_string(str(k))}:{js_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(js_json(item) for item in value) + "]"
    raise TypeError(f"{type(value).__name__} is not JSON")
