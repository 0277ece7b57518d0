"""The page's localised components: each registered with how its text is made per language, so
that one language switch updates them all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr

from kb.organisation import human_contact
from kb.settings import Settings
from ui.i18n import DEFAULT_LANGUAGE, t


class Localised:
    """Components whose label/placeholder/value come from the catalogue, per language."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.values = {"org": settings.organisation_name, "mb": f"{settings.max_file_mb:g}"}
        self.items: list[tuple[Any, Callable[[str], dict[str, Any]]]] = []

    def text(self, key: str, lang: str) -> str:
        return t(key, lang, contact=human_contact(self.settings, lang), **self.values)

    def initial(self, key: str) -> str:
        """The text the page is built with, before the browser's language is known (on load)."""
        return self.text(key, DEFAULT_LANGUAGE)

    def add(self, component: Any, prefix: str = "", **keys: str) -> Any:
        """Register `component`; `keys` maps a property to a catalogue key; `prefix` goes
        before the value (e.g. a Markdown heading mark)."""

        def update(lang: str) -> dict[str, Any]:
            return gr.update(
                **{
                    attr: (prefix if attr == "value" else "") + self.text(key, lang)
                    for attr, key in keys.items()
                }
            )

        self.items.append((component, update))
        return component

    def add_html(self, component: Any, build: Callable[[str], str]) -> Any:
        """Register a component whose value `build(lang)` makes from several strings."""
        self.items.append((component, lambda lang: gr.update(value=build(lang))))
        return component

    def add_props(self, component: Any, build: Callable[[str], dict[str, Any]]) -> Any:
        """Register a component whose properties `build(lang)` gives (as keyword arguments)."""
        self.items.append((component, lambda lang: gr.update(**build(lang))))
        return component

    def updates(self, lang: str) -> list[dict[str, Any]]:
        return [update(lang) for _, update in self.items]

    @property
    def components(self) -> list[Any]:
        return [component for component, _ in self.items]
