"""Text from data or from a URL, made safe for the three places that would read it as markup.

Anything a file or a link brings (a name, a code, a unit, a source, a query parameter) is shown
as the characters it holds, never as markup: Streamlit renders markdown in captions, alerts,
titles, labels and tooltips (links, images, ``:red[…]`` colours, ``:material/…:`` icons, LaTeX,
bare URLs turned into links), plotly renders a subset of HTML in every label and hover
(``<a href>``, ``<span style>``, ``<br>``), and the briefing pack is an HTML page. Every page,
chart and pack passes such text through one of these functions at the point where it meets
markup; our own labels (``kpi_model.i18n``) are markup we wrote and stay as they are.

    >>> print(for_markdown("[x](y.png) :red[**r**]"))
    \\[x\\]\\(y\\.png\\) \\:red\\[\\*\\*r\\*\\*\\]
    >>> for_markdown("www.bma.go.th") == "www\u2060\\.bma\\.go\\.th"
    True
    >>> for_plotly("<a href='x'>&amp;</a>")
    '&lt;a href=&#39;x&#39;&gt;&amp;amp;&lt;/a&gt;'
    >>> cut("กรุงเทพมหานคร", 6), cut("ที่นี่", 5)
    ('กรุงเ…', 'ที่…')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ELLIPSIS", "cut", "for_markdown", "for_plotly", "one_line"]

ELLIPSIS = "…"

# Every ASCII punctuation character may be backslash-escaped in CommonMark, and an escaped one
# is always literal: no link, image, emphasis, code, heading, list, table, HTML, LaTeX ($),
# Streamlit directive (:red[…], :material/…:, :emoji:) or GFM autolink (http\: and www\. no
# longer match) can start from it. Escaping all of them, not a chosen few, is what makes the
# rule hold for syntax added by a later Streamlit.
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_SPACE = re.compile(r"\s+")
# GFM turns a bare URL, www. name or e-mail address in a text node into a link after escapes are
# resolved, so escaping cannot stop it: a WORD JOINER (U+2060, invisible, no line break) inside
# each trigger does ("http⁠://", "www⁠.", "a⁠@b").
_WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|xmpp)(?=:)|(www)(?=\.)|(?=@)")
_PLOTLY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


def one_line(value: object) -> str:
    """``value`` as text on one line: runs of white space (newlines, tabs) become one space, so
    a value can neither start a markdown block nor break the sentence it is put in."""
    return _SPACE.sub(" ", "" if value is None else str(value)).strip()


def for_markdown(value: object) -> str:
    """``value`` (any object; None is "") as markdown that renders exactly its characters, on
    one line (:func:`one_line`), with an invisible word joiner in every autolink trigger."""
    text = _AUTOLINK.sub(lambda m: (m.group(0) or "") + _WORD_JOINER, one_line(value))
    return _PUNCTUATION.sub(r"\\\1", text)


def for_plotly(value: object) -> str:
    """``value`` as text for a plotly label, hover or title: ``& < > " '`` written as entities,
    which plotly shows as the characters (it decodes entities, then reads tags), so no tag,
    link or style from data survives. Newlines stay newlines (plotly ignores them); a ``<br>``
    in data is shown as the five characters."""
    text = "" if value is None else str(value)
    return "".join(_PLOTLY.get(ch, ch) for ch in text)


def cut(value: object, limit: int) -> str:
    """``value`` on one line, cut to at most ``limit`` characters with ``…`` at the end when it
    is longer (the whole text belongs in a hover or tooltip beside it). Never between a Thai
    letter and its vowel or tone mark (a dangling mark would show on a dotted circle)."""
    text = one_line(value)
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    if len(text) <= limit:
        return text
    end = limit - 1
    while end > 0 and unicodedata.category(text[end]) == "Mn":  # the first character dropped is a mark
        end -= 1
    return text[:end] + ELLIPSIS
