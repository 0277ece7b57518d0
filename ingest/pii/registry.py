"""The one place that decides which recogniser runs for which language."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerRegistry

from ingest.pii.recognizers.bank_account import BankAccountRecognizer
from ingest.pii.recognizers.credit_card import CreditCardRecognizer
from ingest.pii.recognizers.cued_latin_person import CuedLatinNameRecognizer
from ingest.pii.recognizers.date_of_birth import DateOfBirthRecognizer
from ingest.pii.recognizers.email import EmailRecognizer
from ingest.pii.recognizers.en_address import EnglishAddressRecognizer
from ingest.pii.recognizers.en_person import EnglishPersonRecognizer
from ingest.pii.recognizers.en_titled_person import EnglishTitledPersonRecognizer
from ingest.pii.recognizers.hk_id import HkIdRecognizer
from ingest.pii.recognizers.iban import IbanRecognizer
from ingest.pii.recognizers.id_address import IndonesianAddressRecognizer
from ingest.pii.recognizers.ip_address import IpAddressRecognizer
from ingest.pii.recognizers.listed_latin_person import ListedLatinNameRecognizer
from ingest.pii.recognizers.passport import PassportRecognizer
from ingest.pii.recognizers.phone import PhoneRecognizer
from ingest.pii.recognizers.prc_id import PrcIdRecognizer
from ingest.pii.recognizers.th_address import ThaiAddressRecognizer
from ingest.pii.recognizers.th_person import ThaiNameRecognizer
from ingest.pii.recognizers.tw_arc import TwArcRecognizer
from ingest.pii.recognizers.tw_id import TwNationalIdRecognizer
from ingest.pii.recognizers.tw_phone import TwPhoneRecognizer
from ingest.pii.recognizers.uk_nino import UkNinoRecognizer
from ingest.pii.recognizers.us_ssn import UsSsnRecognizer
from ingest.pii.recognizers.vi_address import VietnameseAddressRecognizer
from ingest.pii.recognizers.vi_person import VietnameseNameRecognizer
from ingest.pii.recognizers.zh_address import ChineseAddressRecognizer
from ingest.pii.recognizers.zh_latin_person import LatinNameInChineseRecognizer
from ingest.pii.recognizers.zh_person import ChineseNameRecognizer, Strategy

LANGUAGES = ("zh", "en")
ENTITY_TYPES = (
    "PERSON", "TW_NATIONAL_ID", "TW_ARC", "PHONE", "HK_ID", "PRC_ID", "EMAIL", "CREDIT_CARD",
    "IBAN", "IP_ADDRESS", "DATE_OF_BIRTH", "ADDRESS", "US_SSN", "UK_NINO", "PASSPORT",
    "BANK_ACCOUNT",
)  # fmt: skip

# Script-neutral formats (numbers, e-mail, addresses in either script) run for every language.
_NEUTRAL = (
    TwNationalIdRecognizer, TwArcRecognizer, TwPhoneRecognizer, HkIdRecognizer, PrcIdRecognizer,
    EmailRecognizer, CreditCardRecognizer, IbanRecognizer, IpAddressRecognizer,
    DateOfBirthRecognizer, ChineseAddressRecognizer, EnglishAddressRecognizer, PhoneRecognizer,
    UsSsnRecognizer, UkNinoRecognizer, PassportRecognizer, BankAccountRecognizer,
    VietnameseAddressRecognizer, IndonesianAddressRecognizer, ThaiAddressRecognizer,
)  # fmt: skip


def recognizers_for(
    language: str, english_ner: bool, zh_name_strategy: Strategy = "rules"
) -> list[EntityRecognizer]:
    """The recognisers for one language; `english_ner` is False when the spaCy model is absent."""
    found: list[EntityRecognizer] = [cls(supported_language=language) for cls in _NEUTRAL]
    if language == "zh":
        found.append(ChineseNameRecognizer(supported_language="zh", strategy=zh_name_strategy))
        found.append(LatinNameInChineseRecognizer(supported_language="zh"))
        # Names of the migrant communities: the `zh` pass reads every text whole (English and
        # Chinese alike), so these run there once.
        found += [
            cls(supported_language="zh")
            for cls in (
                VietnameseNameRecognizer, ThaiNameRecognizer, CuedLatinNameRecognizer,
                ListedLatinNameRecognizer,
            )
        ]  # fmt: skip
    elif language == "en":
        found.append(EnglishTitledPersonRecognizer(supported_language="en"))
        if english_ner:
            found.append(EnglishPersonRecognizer(supported_language="en"))
    return found


def build_registry(english_ner: bool, zh_name_strategy: Strategy = "rules") -> RecognizerRegistry:
    """A Presidio registry holding only our recognisers (none of Presidio's defaults)."""
    registry = RecognizerRegistry(supported_languages=list(LANGUAGES))
    for language in LANGUAGES:
        for recognizer in recognizers_for(language, english_ner, zh_name_strategy):
            registry.add_recognizer(recognizer)
    return registry
