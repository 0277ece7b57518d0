"""English street addresses: "12 Elm Street, Springfield", "Flat 3, 45 King's Road", US forms
with city, state and ZIP ("083 Crosby Plaza Apt. 533, Farleytown, MT 73436"), UK forms with a
postcode ("17 Jones Light, North Holly, S6 7LJ"), US military mail ("PSC 1241, Box 5868, APO AP
25384"), and the Taiwanese romanised form "No. 7, Ln. 3, Sec. 2, Heping E. Rd., Da'an Dist.,
Taipei City"."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS, NO_ALNUM_AFTER, NO_ALNUM_BEFORE

# Street types that rarely follow a number and a capitalised word in prose: enough alone.
_SUFFIX = (
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Boulevard|Blvd\.?|Way|"
    r"Court|Ct\.?|Place|Pl\.?|Terrace|Crescent|Close|Square|Highway|Hwy\.?|Parkway|Alley)"
)
# The other USPS and Royal Mail street types ("Plains", "Points", "Light"): also ordinary
# words ("10 Key Points"), so an address with one needs a city line with state+ZIP or postcode.
_ANY_SUFFIX = (
    r"(?:Streets?|St\.?|Roads?|Rd\.?|Avenue|Ave\.?|Lanes?|Ln\.?|Drives?|Dr\.?|Boulevard|Blvd\.?|"
    r"Ways?|Courts?|Ct\.?|Places?|Pl\.?|Terrace|Crescent|Close|Squares?|Highway|Hwy\.?|"
    r"Parkways?|Alley|Annex|Arcade|Bayou|Beach|Bend|Bluffs?|Bottom|Branch|Bridge|Brooks?|"
    r"Burgs?|Bypass|Camp|Canyon|Cape|Causeway|Centers?|Centre|Circles?|Circus|Cliffs?|Club|"
    r"Commons?|Corners?|Course|Coves?|Creek|Crest|Crossing|Crossroad|Curve|Dale|Dam|Divide|"
    r"Drove|End|Estates?|Expressway|Extensions?|Falls?|Ferry|Fields?|Flats?|Fords?|Forest|"
    r"Forges?|Forks?|Fort|Freeway|Gardens?|Gate|Gateway|Glens?|Greens?|Groves?|Harbou?rs?|"
    r"Haven|Heights|Hills?|Hollow|Inlet|Islands?|Isle|Junctions?|Keys?|Knolls?|Lakes?|Land|"
    r"Landing|Lights?|Loaf|Locks?|Lodge|Loop|Mall|Manors?|Meadows?|Mews|Mills?|Mission|"
    r"Motorway|Mount|Mountains?|Neck|Orchard|Oval|Overpass|Parade|Parks?|Pass|Passage|Path|"
    r"Pike|Pines?|Plains?|Plaza|Points?|Ports?|Prairie|Radial|Ramp|Ranch|Rapids?|Rest|Ridges?|"
    r"Rise|River|Route|Row|Rue|Run|Shoals?|Shores?|Side|Skyway|Springs?|Spurs?|Station|"
    r"Stravenue|Stream|Summit|Throughway|Trace|Track|Trafficway|Trail|Trailer|Tunnel|"
    r"Turnpike|Underpass|Unions?|Vale|Valleys?|Via|Viaduct|Views?|Villages?|Ville|Vista|"
    r"Walks?|Wall|Wells?|Wharf|Yard)"
)
_WORD = r"[A-Z][A-Za-z'’\-]+"
# A compass point after the street type ("Pennsylvania Avenue NW", "High Street North"): part of
# the street, so the city line after it is reached.
_DIRECTION = r"(?:\s+(?:[NS][EW]?|[EW]|North|South|East|West)\.?(?![A-Za-z]))?"
_UNIT = (
    r"(?:(?:Flat|Apt\.?|Apartment|Unit|Suite|Room|Rm\.?|Floor|Fl\.?)\s*[0-9A-Z][0-9A-Za-z\-]*,?\s+)"
)
_UNIT_AFTER = r"(?:,?\s*(?:Apt\.?|Flat|Unit|Suite|Ste\.?|#)\s*[0-9A-Z][0-9A-Za-z\-]*)"
_STATE_ZIP = r"[A-Z]{2}\s+[0-9]{5}(?:-[0-9]{4})?"
_UK_POSTCODE = r"[A-Z]{1,2}[0-9][A-Z0-9]?\s[0-9][A-Z]{2}"
_TAIL = (
    rf"{_UNIT_AFTER}?"
    rf"(?:,\s*{_WORD}(?:\s{_WORD})?(?:,?\s+{_STATE_ZIP}|\s+[A-Z0-9]{{2,4}}\s[0-9][A-Z]{{2}})?)?"
)
# A city line (one to three words) then state+ZIP or a postcode, after a comma or line break.
_CITY_THEN_CODE = (
    rf"[,\n]\s*(?:{_WORD}\s){{0,2}}{_WORD}(?:,\s*|\s+|\n\s*)(?:{_STATE_ZIP}|{_UK_POSTCODE})"
    + NO_ALNUM_AFTER
)
_HOUSE_NUMBER = rf"{NO_ALNUM_BEFORE}[0-9]{{1,5}}[A-Za-z]?(?:-[0-9]{{1,4}})?\s+"
_TW_ROAD = rf"(?:{_WORD}\s+){{1,3}}(?:[ENSW]\.\s*)?(?:Rd|St|Road|Street|Blvd|Ave)\.?"
_TW_PART = r"(?:(?:Ln|Lane|Aly|Alley|Sec|Section)\.?\s*[0-9]+,\s*)"


class EnglishAddressRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "en_street",
            rf"{_UNIT}?{_HOUSE_NUMBER}(?:{_WORD}\s+){{1,3}}{_SUFFIX}(?![A-Za-z]){_DIRECTION}{_TAIL}",
            0.7,
        ),
        Pattern(
            "en_street_city_code",
            rf"{_UNIT}?{_HOUSE_NUMBER}(?:{_WORD}\s+){{1,3}}{_ANY_SUFFIX}(?![A-Za-z])"
            rf"{_DIRECTION}{_UNIT_AFTER}?{_CITY_THEN_CODE}",
            0.75,
        ),
        # "Flat 0\nFrancesca Plains\nSouth Joyceborough\nSR08 7UX": no house number.
        Pattern(
            "uk_unit_street_postcode",
            rf"{NO_ALNUM_BEFORE}(?:Flat|Studio|Apartment|Unit|Suite)\s+[0-9]+[A-Z]?[,\n]\s*"
            rf"(?:{_WORD}\s+){{1,3}}{_ANY_SUFFIX}(?![A-Za-z]){_DIRECTION}{_CITY_THEN_CODE}",
            0.75,
        ),
        Pattern(
            "us_military",
            rf"{NO_ALNUM_BEFORE}(?:(?:PSC|Unit)\s+[0-9]{{4}},?\s*Box\s+[0-9]{{4}}|US[A-Z]{{1,3}}\s+{_WORD})"
            rf"[,\n]\s*[ADF]PO\s+A[AEP]\s+[0-9]{{5}}" + NO_ALNUM_AFTER,
            0.75,
        ),
        # Philippine form: street (with unit, block and lot before it), barangay or city, then a
        # four-digit postcode and the province: "Block 03 Lot 31 Arnold Avenue, ..., 0852 Metro
        # Manila".
        Pattern(
            "ph_street_postcode_province",
            rf"{NO_ALNUM_BEFORE}(?:[A-Z0-9][A-Za-z0-9\-]*\s+){{1,7}}{_ANY_SUFFIX}(?![A-Za-z])"
            rf"(?:\s[A-Z][a-z]+)?(?:,\s*[^,\n]{{1,40}}){{1,3}},\s*[0-9]{{4}}\s+{_WORD}"
            rf"(?:\s+(?:del|de|{_WORD})){{0,2}}",
            0.75,
        ),
        Pattern("uk_postcode", rf"{NO_ALNUM_BEFORE}{_UK_POSTCODE}{NO_ALNUM_AFTER}", 0.5),
        Pattern(
            "tw_romanised",
            rf"No\.\s*[0-9]+(?:-[0-9]+)?,\s*{_TW_PART}*{_TW_ROAD}"
            rf"(?:,\s*{_WORD}\s+(?:Dist|District|Township)\.?)?(?:,\s*{_WORD}\s+(?:City|County))?",
            0.8,
        ),
    ]
    CONTEXT = ["address", "lives", "live", "residence", "moved", "postcode", "zip"]

    def __init__(self, supported_language: str = "en", supported_entity: str = "ADDRESS") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"EnglishAddressRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )
