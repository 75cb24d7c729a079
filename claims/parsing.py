"""Figures and dates in a passage, proposed as a claim's answer.

Pure functions over plain text, German and English: no Django, no database. They
propose; the editor confirms or corrects every proposal in the claim form. The rules,
and where they stop, are in docs/editors/how-a-passage-is-read.md.

    propose("Offiziellen Angaben zufolge starben mindestens 225 Menschen.")
    # the figure "mindestens 225": bound at_least, value 225, lower bound 225, no upper bound
"""

import datetime
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from dateparser.date import DateDataParser
from text_to_num import text2num

FIGURE, DATE = "figure", "date"
FOUR_PLACES = Decimal("0.0001")
# A claim stores 20 digits, 4 after the point: longer runs of digits are
# identifiers (phone numbers, file numbers), not figures.
LARGEST = Decimal(10) ** 16


@dataclass(frozen=True)
class Proposal:
    """One figure or date found in a text, as the claim form's fields would take it."""

    kind: str  # FIGURE or DATE
    start: int  # the stated wording's span in the parsed text
    end: int
    stated_value: str
    bound: str = ""  # a Claim.Bound value
    value: Decimal | None = None
    value_min: Decimal | None = None
    value_max: Decimal | None = None
    date_value: datetime.date | None = None
    date_precision: str = ""  # "day", "month" or "year"
    tolerance: Decimal | None = None  # ± in the answer's unit: years for derived years

    def fields(self) -> dict[str, str]:
        """The proposal as the claim form's initial data (only what is proposed)."""
        values = {
            "stated_value": self.stated_value,
            "bound": self.bound,
            "value": self.value,
            "value_min": self.value_min,
            "value_max": self.value_max,
            "date_value": self.date_value.isoformat() if self.date_value else None,
            "date_precision": self.date_precision if self.date_value else "",
            "tolerance": self.tolerance,
        }
        return {
            name: format(value, "f") if isinstance(value, Decimal) else value
            for name, value in values.items()
            if value not in (None, "")
        }


# --- The words ------------------------------------------------------------------------

# Qualifiers directly before a figure, and the bound they give it. Longer phrases
# are tried first ("nicht mehr als" before "mehr als").
QUALIFIERS = {
    "de": {
        "at_least": ["mindestens", "wenigstens", "zumindest", "nicht weniger als"],
        "more_than": ["mehr als", "über", "weit über", "knapp über", "gut", "mehr denn"],
        "almost": ["fast", "knapp", "beinahe", "nahezu"],
        "approximate": [
            "etwa",
            "rund",
            "ca.",
            "circa",
            "zirka",
            "ungefähr",
            "annähernd",
            "schätzungsweise",
            "geschätzte",
            "geschätzt",
            "um die",
            "an die",
        ],  # fmt: skip
        "at_most": ["bis zu", "höchstens", "maximal", "nicht mehr als", "nicht länger als"],
        "less_than": ["weniger als", "unter", "knapp unter", "nicht einmal"],
    },
    "en": {
        "at_least": ["at least", "no fewer than", "no less than", "a minimum of"],
        "more_than": ["more than", "over", "above", "upwards of", "in excess of", "just over"],
        "almost": ["almost", "nearly", "just under", "close to"],
        "approximate": [
            "about",
            "around",
            "approximately",
            "roughly",
            "some",
            "circa",
            "ca.",
            "c.",
            "an estimated",
            "estimated",
            "an approximate",
        ],  # fmt: skip
        "at_most": ["up to", "at most", "no more than", "as many as", "a maximum of"],
        "less_than": ["less than", "fewer than", "under", "below"],
    },
}

MULTIPLIERS = {
    "de": {
        "tausend": 10**3,
        "million": 10**6,
        "millionen": 10**6,
        "mio.": 10**6,
        "mio": 10**6,
        "milliarde": 10**9,
        "milliarden": 10**9,
        "mrd.": 10**9,
        "mrd": 10**9,
        "billion": 10**12,
        "billionen": 10**12,
        "dutzend": 12,
    },  # fmt: skip
    "en": {
        "thousand": 10**3,
        "million": 10**6,
        "millions": 10**6,
        "billion": 10**9,
        "bn": 10**9,
        "trillion": 10**12,
        "dozen": 12,
    },  # fmt: skip
}

# Units that belong to the stated wording ("25 Prozent", "1770 Kilometer"); counted
# nouns ("164 Menschen") do not.
UNITS = (
    r"%|Prozentpunkte|Prozent|Promille|percentage points|per ?cent|percent"
    r"|Quadratkilometern?|km²|km|Kilometern?|kilometres|kilometers|miles|Metern?|metres|meters"
    r"|Tonnen|tonnes|tons|Barrel|barrels|US-Dollar|Dollar|dollars|Euro|euros|Rubel|roubles"
    r"|rubles|Tenge|tenge|\$|€"
)

# Qualifiers that are also prepositions: "über eine Reaktion" counts nothing.
PREPOSITIONS = {"über", "unter", "gut", "um die", "an die", "over", "under", "above", "below"}

# Words that stand for a vague number, and the lower bound their words imply:
# "Dutzende" are at least two dozen.
VAGUE = {
    "de": [
        (r"zehntausende", 20_000),
        (r"hunderttausende", 200_000),
        (r"tausende", 2_000),
        (r"hunderte", 200),
        (r"dutzende", 24),
        (r"millionen", 2_000_000),
        (r"(?:mehrere|einige|etliche|viele) ?tausend", 2_000),
        (r"(?:mehrere|einige|etliche|viele) ?hundert", 200),
        (r"(?:mehrere|einige|etliche) dutzend", 24),
    ],  # fmt: skip
    "en": [
        (r"tens of thousands", 20_000),
        (r"hundreds of thousands", 200_000),
        (r"thousands", 2_000),
        (r"hundreds", 200),
        (r"dozens", 24),
        (r"millions", 2_000_000),
        (r"(?:several|a few) thousand", 2_000),
        (r"(?:several|a few) hundred", 200),
        (r"several dozen", 24),
    ],  # fmt: skip
}

FRACTIONS = {
    "de": {"hälfte": 2, "drittel": 3, "viertel": 4, "fünftel": 5, "zehntel": 10},
    "en": {"half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5},
}
NUMERATORS = {
    "de": {"ein": 1, "eine": 1, "einem": 1, "einer": 1, "die": 1, "zwei": 2, "drei": 3, "vier": 4},
    "en": {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4},
}

MONTHS = {
    "de": (
        r"Januar|Jänner|Februar|Feber|März|April|Mai|Juni|Juli|August|September|Oktober"
        r"|November|Dezember|Jan\.|Feb\.|Mär\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Okt\.|Nov\.|Dez\."
    ),
    "en": (
        r"January|February|March|April|May|June|July|August|September|October|November"
        r"|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
    ),
}
PART_OF_MONTH = {"de": r"Anfang|Mitte|Ende", "en": r"[Ee]arly|[Mm]id-?|[Ll]ate"}

# The stems number words are made of; a word made only of these goes to text2num.
NUMBER_STEMS = {
    "de": (
        r"ein|eins|zwei|zwo|drei|vier|fünf|sechs|sech|sieben|sieb|acht|neun|zehn|elf|zwölf"
        r"|zwanzig|dreißig|dreissig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig|und"
        r"|hundert|tausend"
    ),
    "en": (
        r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
        r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
        r"|seventy|eighty|ninety|hundred|thousand|million|billion"
    ),
}
# Articles that are also the number one: never a figure on their own.
ARTICLES = {"ein", "eine", "eins", "einen", "einem", "einer", "eines", "one"}

YEARS_AGO = {
    "de": r"(?P<word>vor|seit)\s+(?P<n>{n})\s+Jahr(?:en|e)?\b",
    "en": r"(?:(?P<n>{n})\s+years?\s+(?P<word>ago)|(?P<word2>for)\s+(?P<n2>{n})\s+years?)\b",
}


def language_of(tag: str) -> str:
    """The rules to read a text by: English for "en…", German for anything else."""
    return "en" if (tag or "").lower().startswith("en") else "de"


def _alternation(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _number_pattern(language: str) -> str:
    if language == "en":
        digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    else:
        digits = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:[\u00a0\u202f]\d{3})+|\d+(?:,\d+)?"
    stems = NUMBER_STEMS[language]
    words = rf"eine[nmrs]?|(?:{stems})+(?:einhalb)?" if language == "de" else rf"(?:{stems})"
    if language == "en":
        words = rf"{words}(?:(?:[\s-]+|\s+and\s+){words})*"
    multipliers = _alternation(MULTIPLIERS[language])
    return (
        rf"(?<![\w.,])(?:(?P<digits>{digits})(?![\w])|(?P<words>{words})(?![\w]))"
        rf"(?:\s+(?P<mult>{multipliers})(?![\w]))?"
    )


class Rules:
    """The compiled patterns of one language."""

    def __init__(self, language: str):
        self.language = language
        number = _number_pattern(language)
        self.number = re.compile(number, re.IGNORECASE)
        self.qualifier = re.compile(
            rf"(?<![\w])(?P<q>{_alternation(sum(QUALIFIERS[language].values(), []))})\s+$",
            re.IGNORECASE,
        )
        self.bound_of = {
            word.lower(): bound for bound, words in QUALIFIERS[language].items() for word in words
        }
        self.unit = re.compile(rf"\s?(?:{UNITS})(?![\w])")
        between, joiner = ("zwischen", "und") if language == "de" else ("between", "and")
        plain = number.replace("?P<", "?P<a_")
        second = number.replace("?P<", "?P<b_")
        ranges = [
            rf"\b{between}\s+{plain}\s+{joiner}\s+{second}",
            rf"\b(?:von|from)\s+{plain}\s+(?:bis|to)\s+{second}",
            rf"{plain}\s*[–—-]\s*{second}" if language == "en" else rf"{plain}\s*[–—]\s*{second}",
            rf"{plain}\s+bis\s+{second}" if language == "de" else rf"{plain}\s+to\s+{second}",
        ]
        self.ranges = [re.compile(pattern, re.IGNORECASE) for pattern in ranges]
        self.vague = [
            (re.compile(rf"(?<![\w]){pattern}(?![\w])", re.IGNORECASE), lower)
            for pattern, lower in VAGUE[language]
        ]
        denominators = _alternation(FRACTIONS[language])
        numerators = _alternation(NUMERATORS[language])
        self.fraction = re.compile(
            rf"(?<![\w])(?P<num>{numerators})\s+(?P<den>{denominators})(?![\w])", re.IGNORECASE
        )
        months, parts = MONTHS[language], PART_OF_MONTH[language]
        if language == "de":
            self.month_date = re.compile(
                rf"(?<![\w.])(?:(?P<day>\d{{1,2}})\.\s*|(?P<part>{parts})\s+)?"
                rf"(?P<month>{months})(?![\w])(?:\s+(?P<year>\d{{4}})(?![\w]))?"
            )
        else:
            self.month_date = re.compile(
                rf"(?<![\w.])(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?|(?P<part>{parts})\s*)?"
                rf"(?P<month>{months})(?![\w])(?:\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?![\w]))?"
                rf"(?:,?\s+(?P<year>\d{{4}})(?![\w]))?"
            )
        self.numeric_date = re.compile(
            r"(?<![\w.])(?:\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})(?![\w]|\.\d)"
        )
        n = rf"\d{{1,4}}|(?:{NUMBER_STEMS[language]})+"
        self.years_ago = re.compile(YEARS_AGO[language].format(n=n), re.IGNORECASE)
        # Times of day are no figures: "10:00", "um 10 Uhr", "10.30 Uhr".
        self.time = re.compile(
            r"(?<![\w.:])(?:\d{1,2}:\d{2}(?![\w:])(?:\s*Uhr\b)?|\d{1,2}(?:\.\d{2})?\s*Uhr\b)"
        )
        self.after_number = re.compile(
            rf"(?<![\w])(?:{NUMBER_STEMS[language]})+(?:einhalb)?\s+$|\d\s*$", re.IGNORECASE
        )
        # Only absolute dates: the wordings are cut out by the patterns above, and the
        # relative ones ("vor 30 Jahren") are derived from the publication date here.
        self.dates = DateDataParser(
            languages=[language],
            settings={
                "PREFER_DAY_OF_MONTH": "first",
                "DATE_ORDER": "DMY",
                "PARSERS": ["absolute-time"],
            },
        )
        self.parse_date = functools.lru_cache(maxsize=4096)(self._parse_date)

    def _parse_date(self, wording: str) -> tuple[datetime.date | None, str]:
        """The date a wording names and its precision, as dateparser reads it."""
        try:
            data = self.dates.get_date_data(wording)
        except (ValueError, OverflowError, TypeError, KeyError):
            return None, ""
        if data is None or data.date_obj is None:
            return None, ""
        day, period = data.date_obj.date(), data["period"]
        if period == "year":
            return day.replace(month=1, day=1), "year"
        if period == "month":
            return day.replace(day=1), "month"
        return day, "day"


_RULES: dict[str, Rules] = {}


def rules_for(language: str) -> Rules:
    if language not in _RULES:
        _RULES[language] = Rules(language)
    return _RULES[language]


# --- Reading numbers --------------------------------------------------------------------


def read_digits(digits: str, language: str) -> Decimal | None:
    """ "10.000" → 10000 and "1,5" → 1.5 in German; "10,000" and "1.5" in English."""
    digits = digits.replace("\u00a0", "").replace("\u202f", "")
    if language == "en":
        digits = digits.replace(",", "")
    else:
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", digits):
            digits = digits.replace(".", "")
        digits = digits.replace(",", ".")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def read_words(words: str, language: str) -> Decimal | None:
    """ "sechshundert" → 600, "zweieinhalb" → 2.5, "six hundred and twenty" → 620."""
    words = " ".join(words.split()).lower()
    half = Decimal(0)
    if language == "de" and words.endswith("einhalb"):
        words, half = words[: -len("einhalb")], Decimal("0.5")
        if words in ("", "ein"):  # "eineinhalb"
            words = "eins"
    if words in ARTICLES:
        return Decimal(1)
    if language == "de" and words == "anderthalb":
        return Decimal("1.5")
    try:
        return Decimal(text2num(words, language)) + half
    except (ValueError, TypeError, OverflowError):
        return None


def figure_value(
    group: dict, language: str, prefix: str = "", article: bool = False
) -> Decimal | None:
    """The figure a number match stands for, multiplier applied, or None."""
    if group.get(f"{prefix}digits"):
        value = read_digits(group[f"{prefix}digits"], language)
    else:
        words = group.get(f"{prefix}words") or ""
        # "ein" is the number one only when it is counted: "nicht länger als eine Woche".
        if words.lower() in ARTICLES and not (article or group.get(f"{prefix}mult")):
            return None
        value = read_words(words, language)
    if value is None:
        return None
    multiplier = group.get(f"{prefix}mult")
    if multiplier:
        value *= MULTIPLIERS[language][multiplier.lower()]
    if value >= LARGEST:
        return None
    return _tidy(value)


def _tidy(value: Decimal) -> Decimal:
    """At most the claim's four places, and no trailing zeros: 1500000, 100.5, 33.3333."""
    if value == value.to_integral():
        return value.quantize(Decimal(1))
    return value.quantize(FOUR_PLACES).normalize()


# --- Finding them -------------------------------------------------------------------------


class Finder:
    """Finds every figure and date in one text, each span taken once, dates first."""

    def __init__(self, text: str, language: str, published: datetime.date | None):
        self.text, self.published = text, published
        self.rules = rules_for(language)
        self.language = language
        self.taken: list[tuple[int, int]] = []
        self.found: list[Proposal] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or e <= start for s, e in self.taken)

    def take(self, start: int, end: int, proposal: Proposal | None = None) -> None:
        self.taken.append((start, end))
        if proposal:
            self.found.append(proposal)

    def run(self) -> list[Proposal]:
        for step in (
            self.times,
            self.numeric_dates,
            self.month_dates,
            self.years_ago,
            self.ranges,
            self.vague,
            self.fractions,
            self.figures,
        ):
            step()
        return sorted(self.found, key=lambda proposal: proposal.start)

    def parse_date(self, wording: str) -> tuple[datetime.date | None, str]:
        return self.rules.parse_date(wording)

    def times(self):
        """Times of day and the numbers of a numbered list are no figures."""
        for match in ENUMERATION.finditer(self.text):
            self.take(*match.span())
        for match in self.rules.time.finditer(self.text):
            if self.free(*match.span()):
                self.take(*match.span())

    def numeric_dates(self):
        for match in self.rules.numeric_date.finditer(self.text):
            if self.free(*match.span()):
                day, precision = self.parse_date(match.group())
                self.take(*match.span(), self.date(match.span(), day, precision))

    def month_dates(self):
        for match in self.rules.month_date.finditer(self.text):
            if not self.free(*match.span()):
                continue
            day = match.group("day") or match.groupdict().get("day2")
            year = match.group("year")
            if not year and self.published:
                year = str(self.published.year)
            value, precision = None, ""
            if year:
                month = match.group("month")
                wording = f"{day}. {month} {year}" if self.language == "de" else f"{month} {year}"
                if self.language == "en" and day:
                    wording = f"{day} {month} {year}"
                if not day:
                    wording = f"{month} {year}"
                value, precision = self.parse_date(wording)
            self.take(*match.span(), self.date(match.span(), value, precision))

    def years_ago(self):
        """ "vor 30 Jahren": the publication year less 30, give or take one."""
        for match in self.rules.years_ago.finditer(self.text):
            if not self.free(*match.span()):
                continue
            count = match.group("n") or match.groupdict().get("n2") or ""
            years = Decimal(count) if count.isdigit() else read_words(count, self.language)
            value = None
            if years is not None and self.published:
                try:
                    value = datetime.date(self.published.year - int(years), 1, 1)
                except (ValueError, OverflowError):
                    value = None
            proposal = self.date(match.span(), value, "year" if value else "")
            self.take(*match.span(), _with(proposal, tolerance=Decimal(1)))

    def date(self, span, value, precision) -> Proposal:
        start, end = span
        return Proposal(
            DATE, start, end, self.text[start:end], date_value=value, date_precision=precision
        )

    def ranges(self):
        matches = (m for pattern in self.rules.ranges for m in pattern.finditer(self.text))
        for match in matches:
            if not self.free(*match.span()):
                continue
            groups = match.groupdict()
            low = figure_value(groups, self.language, "a_")
            high = figure_value(groups, self.language, "b_")
            if low is None or high is None:
                continue
            # "zwischen 1,5 und 2 Millionen": the multiplier counts for both.
            if groups["b_mult"] and not groups["a_mult"]:
                low = _tidy(low * MULTIPLIERS[self.language][groups["b_mult"].lower()])
            if low > high:
                continue
            start, end = self.with_unit(*match.span())
            self.take(
                start,
                end,
                Proposal(FIGURE, start, end, self.text[start:end], "range", None, low, high),
            )

    def vague(self):
        for pattern, lower in self.rules.vague:
            for match in pattern.finditer(self.text):
                start, end = match.span()
                # "19 Millionen" is a figure with its multiplier, not a vague number.
                if self.rules.after_number.search(self.text, max(0, start - 30), start):
                    continue
                if self.free(start, end):
                    self.take(
                        start,
                        end,
                        Proposal(FIGURE, start, end, match.group(), "vague", None, Decimal(lower)),
                    )

    def fractions(self):
        """ "ein Drittel" → 33.3333: a share, as a percentage rounded to the claim's 4 places."""
        for match in self.rules.fraction.finditer(self.text):
            if not self.free(*match.span()):
                continue
            denominator = FRACTIONS[self.language][match.group("den").lower()]
            numerator = NUMERATORS[self.language][match.group("num").lower()]
            if numerator >= denominator:
                continue
            share = (Decimal(100) * numerator / denominator).quantize(FOUR_PLACES).normalize()
            start, end = match.span()
            self.take(start, end, self.point(start, end, "exact", _tidy(share)))

    def point(self, start, end, bound, value) -> Proposal:
        text = self.text[start:end]
        if bound in ("exact", "approximate"):
            return Proposal(FIGURE, start, end, text, bound, value, value, value)
        if bound in ("at_least", "more_than"):
            return Proposal(FIGURE, start, end, text, bound, value, value, None)
        return Proposal(FIGURE, start, end, text, bound, value, None, value)

    def with_unit(self, start: int, end: int) -> tuple[int, int]:
        unit = self.rules.unit.match(self.text, end)
        return start, (unit.end() if unit else end)

    def figures(self):
        for match in self.rules.number.finditer(self.text):
            if not self.free(*match.span()):
                continue
            start, end = match.span()
            before = self.rules.qualifier.search(self.text, max(0, start - 30), start)
            counted = before and before.group("q").lower() not in PREPOSITIONS
            value = figure_value(match.groupdict(), self.language, article=bool(counted))
            if value is None:
                continue
            bound = self.rules.bound_of[before.group("q").lower()] if before else "exact"
            after = self.text[end : end + 60]
            if before and before.group("q").lower() == "um die":
                pass
            elif self.language == "de" and self.text[max(0, start - 3) : start].lower() == "um ":
                # "um" is the preposition when a noun phrase follows ("um sechshundert
                # kasachische Staatsbürger"), and means "around" otherwise ("um 1990").
                bound = "exact" if NOUN_PHRASE.match(after) else "approximate"
                if bound == "approximate":
                    start -= 3
            if self.is_year(match, bound, after):
                # "2013/14" is the year 2013 and the next.
                season = re.match(r"/\d{2}(?:\d{2})?(?!\w)", after)
                span = (match.start(), match.end() + (season.end() if season else 0))
                year = datetime.date(int(match["digits"]), 1, 1)
                self.take(*span, self.date(span, year, "year"))
                continue
            if before and bound != "exact":
                start = before.start("q")
            start, end = self.with_unit(start, end)
            if self.free(start, end):
                self.take(start, end, self.point(start, end, bound, value))

    def is_year(self, match: re.Match, bound: str, after: str) -> bool:
        """ "2022" is a year, "2022 Menschen" a count: German counts carry their noun."""
        if not match.group("digits") or not match["digits"].isdigit() or match.group("mult"):
            return False
        if not 1000 <= int(match["digits"]) <= 2100 or bound != "exact":
            return False
        if self.language == "en":
            return not self.rules.unit.match(after)
        return not (NOUN_PHRASE.match(after) or self.rules.unit.match(after))


# "1. Kasachstan ist …" at the start of a line numbers a list.
ENUMERATION = re.compile(r"^[ \t]*\d{1,3}\.(?=[ \t])", re.MULTILINE)

# A German noun phrase after a figure: optional adjectives, then a capitalised word.
NOUN_PHRASE = re.compile(r"\s+(?:[a-zäöüß-]+(?:e|en|er|es|em)\s+)*[A-ZÄÖÜ][\w-]*")


def _with(proposal: Proposal, **changes) -> Proposal:
    return Proposal(**{**proposal.__dict__, **changes})


# --- The entry points -----------------------------------------------------------------------


def find_all(
    text: str, language: str = "de", published: datetime.date | None = None
) -> list[Proposal]:
    """Every figure and date in the text, in order, none overlapping another.

    `language` is a BCP 47 tag ("de", "en-GB"); `published` supplies the year of
    dates without one ("Ende Juni") and the base of derived years ("vor 30 Jahren").
    """
    return Finder(text, language_of(language), published).run()


def propose(
    passage: str, language: str = "de", published: datetime.date | None = None
) -> Proposal | None:
    """The answer a selected passage most likely gives: its first figure, else its first date."""
    found = find_all(passage, language, published)
    figures = [proposal for proposal in found if proposal.kind == FIGURE]
    return (figures or found or [None])[0]
