"""Pieces every pattern recogniser shares."""

from __future__ import annotations

import regex
import tldextract

# Case-sensitive on purpose: upper-case letters are part of ID formats and name patterns.
FLAGS = regex.DOTALL | regex.MULTILINE
# \b is useless next to Chinese (a Han character is a word character), so bound on ASCII.
NO_ALNUM_BEFORE = r"(?<![A-Za-z0-9_])"
NO_ALNUM_AFTER = r"(?![A-Za-z0-9_])"
NO_DIGIT_BEFORE = r"(?<![0-9])"
NO_DIGIT_AFTER = r"(?![0-9])"

# No suffix-list URLs: tldextract then never touches the network and uses its bundled snapshot.
OFFLINE_TLD = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)
