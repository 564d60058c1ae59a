"""A Matplotlib figure as PNG bytes, with no warning for a script the font lacks."""

import io
import warnings


def figure_png(fig, dpi: int) -> bytes:
    """The figure laid out tight and saved as PNG. A name or title in a script the font lacks shows
    as boxes; that is not worth a warning among a notebook's outputs or a report's messages."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.tight_layout()
        fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
